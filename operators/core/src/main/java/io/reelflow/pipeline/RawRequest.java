package io.reelflow.pipeline;

import java.io.Serializable;

/** A request's bytes exactly as read, before decoding: Avro single-object encoding or JSON. */
public record RawRequest(byte[] payload, SourceRef source, long receivedAtMillis) implements Serializable {}
