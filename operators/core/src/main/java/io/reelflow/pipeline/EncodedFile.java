package io.reelflow.pipeline;

import io.reelflow.schema.OutputRole;
import java.io.Serializable;

/** One encoded output file, ready to store: {@code name} is its object name under the request's prefix. */
public record EncodedFile(
        String name,
        OutputRole role,
        String contentType,
        byte[] bytes,
        int width,
        int height,
        int frames,
        double durationSeconds)
        implements Serializable {}
