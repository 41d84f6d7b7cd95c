package io.reelflow.operators.generate;

import ai.djl.ndarray.NDManager;
import java.util.List;

/** Turns prompts into the conditioning a {@link Denoiser} attends to. Thread-safe; arrays go to {@code manager}. */
public interface TextEncoder {

    /** Encodes {@code prompts} as one batch; an empty string is the unconditional prompt. */
    TextConditioning encode(NDManager manager, List<String> prompts);
}
