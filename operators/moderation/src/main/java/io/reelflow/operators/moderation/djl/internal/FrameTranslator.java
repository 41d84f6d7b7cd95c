package io.reelflow.operators.moderation.djl.internal;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.reelflow.pipeline.Frames;

/** Per frame: pixels in ({@link FramePreprocessor}), the model's raw outputs out; batching is the batchifier's. */
public final class FrameTranslator implements Translator<FrameTranslator.Frame, float[]> {

    /** Frame {@code index} of {@code frames}. */
    public record Frame(Frames frames, int index) {}

    private final FramePreprocessor preprocessor;

    public FrameTranslator(FramePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Frame frame) {
        int size = preprocessor.size();
        return new NDList(ctx.getNDManager().create(
                preprocessor.chw(frame.frames(), frame.index()), new Shape(3, size, size)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList outputs) {
        return OutputLabels.floats(outputs.get(0));
    }

    @Override
    public Batchifier getBatchifier() {
        return new RawStackBatchifier();
    }
}
