package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * A correction to the prediction at pixel level. Without it all of a patch's values come from one token through a
 * linear layer, and the first three runs drew rounded corners and frayed edges even when refining a clean shape
 * (docs/MODEL.md). Per-pixel features from the tokens, concatenated with the denoiser's own input pixels, go through
 * two 3x3 convolutions within each frame, the hidden one modulated by the condition (as adaLN does); the last starts
 * at zero, so an untrained refiner changes nothing. Inputs: tokens (b, t, gh*gw, width), input pixels
 * (b, t*pt, h, w, input channels), condition (b, width); output (b, t*pt, h, w, channels).
 */
final class PixelRefiner extends ModuleBlock {

    /** Stride, padding and dilation of both 3x3 convolutions: the frame keeps its size. */
    private static final Shape UNIT = new Shape(1, 1);

    private final DitConfig config;
    private final Dense features;
    private final Dense modulation;
    private final Parameter hiddenWeight;
    private final Parameter hiddenBias;
    private final Parameter outWeight;
    private final Parameter outBias;

    PixelRefiner(DitConfig config, int inputChannels) {
        this.config = config;
        int f = config.refinerFeatures();
        int hidden = config.refinerHidden();
        features = addChildBlock("features", new Dense(config.width(), config.patchT() * config.patchH()
                * config.patchW() * f));
        modulation = addChildBlock("modulation", new Dense(config.width(), 2 * hidden, config.gateInit()));
        hiddenWeight = parameter("hidden_weight", Parameter.Type.WEIGHT, new Shape(hidden, inputChannels + f, 3, 3),
                SeededInitializer.Kind.XAVIER_UNIFORM);
        hiddenBias = parameter("hidden_bias", Parameter.Type.BIAS, new Shape(hidden), SeededInitializer.Kind.ZEROS);
        outWeight = parameter("out_weight", Parameter.Type.WEIGHT, new Shape(config.channels(), hidden, 3, 3),
                config.gateInit());
        outBias = parameter("out_bias", Parameter.Type.BIAS, new Shape(config.channels()), SeededInitializer.Kind.ZEROS);
    }

    @Override
    protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
        NDArray tokens = inputs.get(0);
        NDArray pixels = inputs.get(1);
        Shape shape = pixels.getShape();
        long b = shape.get(0);
        long frames = shape.get(1);
        long h = shape.get(2);
        long w = shape.get(3);
        int hidden = config.refinerHidden();
        NDArray perPixel = Patches.unpatchify(features.apply(store, training, tokens), h / config.patchH(),
                w / config.patchW(), config.patchT(), config.patchH(), config.patchW(), config.refinerFeatures());
        NDArray x = pixels.concat(perPixel, 4).reshape(b * frames, h, w, -1).transpose(0, 3, 1, 2);
        NDArray y = convolve(x, hiddenWeight, hiddenBias, store, training).reshape(b, frames, hidden, h, w);
        NDList mod = modulation.apply(store, training, inputs.get(2)).reshape(b, 1, 2 * hidden, 1, 1).split(2, 2);
        y = Activation.swish(y.mul(mod.get(0).add(1)).add(mod.get(1)), 1f).reshape(b * frames, hidden, h, w);
        NDArray out = convolve(y, outWeight, outBias, store, training);
        return out.transpose(0, 2, 3, 1).reshape(b, frames, h, w, config.channels());
    }

    private static NDArray convolve(NDArray x, Parameter weight, Parameter bias, ParameterStore store,
            boolean training) {
        return x.getNDArrayInternal().convolution(x, value(store, weight, x, training), value(store, bias, x, training),
                UNIT, UNIT, UNIT, 1).singletonOrThrow();
    }

    /** Multiply-add FLOPs for {@code pixels} padded pixels (frames x height x width) over {@code tokens} tokens. */
    static long flops(DitConfig config, long tokens, long pixels, int inputChannels) {
        long f = config.refinerFeatures();
        long hidden = config.refinerHidden();
        return 2 * tokens * config.width() * (config.patchT() * config.patchH() * config.patchW() * f)
                + 2 * pixels * 9 * (inputChannels + f) * hidden + 2 * pixels * 9 * hidden * config.channels();
    }
}
