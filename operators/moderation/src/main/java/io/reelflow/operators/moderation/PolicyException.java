package io.reelflow.operators.moderation;

/** A policy file that cannot be used: unreadable, malformed, or with values the policy does not allow. */
public final class PolicyException extends IllegalArgumentException {

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
