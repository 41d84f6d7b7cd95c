package io.reelflow.pipeline;

import java.io.Serializable;
import java.util.List;

/** The encoded files of one request, primary first. */
public record Encoded(Trace trace, List<EncodedFile> files) implements Serializable {}
