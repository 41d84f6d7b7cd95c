package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.pipeline.Frames;
import java.util.List;

/**
 * Samples one request on the calling thread, window after window, each window alone (batch 1) through the same step
 * a serving worker takes for a batch ({@link DenoisingBatch}), so a request's output does not depend on how it was
 * served.
 */
public final class ClipSampler {

    private ClipSampler() {}

    /** Fills {@code timeline}; arrays live in a sub-manager of {@code threadManager}, closed before returning. */
    public static Frames sample(GenerationModel model, Sampler sampler, SamplingSettings settings, Timeline timeline,
            NDManager threadManager) {
        try (RequestRun run = RequestRun.start(model, sampler, settings, timeline, threadManager)) {
            for (WindowRun window = run.window(); window != null; window = run.window()) {
                while (!window.done()) {
                    DenoisingBatch.step(List.of(window), model.denoiser(), threadManager);
                }
                run.finishWindow();
            }
            return run.frames();
        }
    }

    /** [-1, 1] to 0..255, rounded; (1, frames, height, width, 3) is already Frames' byte order. */
    static byte[] toBytes(NDArray pixels) {
        return pixels.add(1f).mul(127.5f).clip(0, 255).round().toType(DataType.UINT8, false).toByteArray();
    }
}
