package io.reelflow.pipeline;

import java.io.Serializable;

/**
 * An object for the store stage to write under the output bucket at {@code key} (e.g. a campaign summary). Stages
 * other than store never talk to the object store themselves.
 */
public record ObjectWrite(String key, String contentType, byte[] bytes) implements Serializable {}
