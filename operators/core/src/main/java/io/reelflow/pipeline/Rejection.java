package io.reelflow.pipeline;

import java.io.Serializable;

/** Why a stage refused or failed a request: a code for machines and a message for people. */
public record Rejection(ErrorCode code, String message) implements Serializable {

    public static Rejection of(ErrorCode code, String message) {
        return new Rejection(code, message);
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
