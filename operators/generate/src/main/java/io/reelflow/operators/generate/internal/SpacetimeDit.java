package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The denoiser network: spacetime patch embedding plus sinusoidal positions, a stack of {@link DitBlock}s conditioned
 * on the timestep and pooled text (adaLN) and on the text tokens (cross-attention), and a {@link FinalLayer} back to
 * pixels. Inputs: {@code [latents (b, f, h, w, c), timesteps (b), tokens (b, l, tw), mask (b, l), pooled (b, tw)]}
 * plus, for models with known frames, {@code known (b, f)}: 1 where a frame's latents are given content, and for
 * self-conditioned models {@code previous}, the last estimate of the clean latents (zeros at first); output: the
 * prediction, shaped like the latents.
 */
final class SpacetimeDit extends ModuleBlock {

    private final DitConfig config;
    private final Dense patchEmbed;
    private final Dense timeIn;
    private final Dense timeOut;
    private final Dense pooledProjection;
    private final Dense contextProjection;
    private final List<DitBlock> blocks = new ArrayList<>();
    private final FinalLayer finalLayer;
    private final PixelRefiner refiner;

    SpacetimeDit(DitConfig config) {
        this.config = config;
        int width = config.width();
        patchEmbed = addChildBlock("patch_embed", new Dense(config.inputPatchValues(), width));
        timeIn = addChildBlock("time_in", new Dense(config.timestepFrequencies(), width));
        timeOut = addChildBlock("time_out", new Dense(width, width));
        pooledProjection = addChildBlock("pooled_projection", new Dense(config.text().width(), width));
        contextProjection = addChildBlock("context_projection", new Dense(config.text().width(), width));
        for (int i = 0; i < config.depth(); i++) {
            blocks.add(addChildBlock("block" + i, new DitBlock(config)));
        }
        finalLayer = addChildBlock("final", new FinalLayer(config));
        refiner = config.refiner() ? addChildBlock("refiner", new PixelRefiner(config, config.inputChannels())) : null;
    }

    @Override
    protected NDArray compute(ParameterStore store, NDList inputs, boolean training) {
        NDArray latents = inputs.get(0);
        Shape shape = latents.getShape();
        int frames = Math.toIntExact(shape.get(1));
        long height = shape.get(2);
        long width = shape.get(3);
        if (height % config.patchH() != 0 || width % config.patchW() != 0 || shape.get(4) != config.channels()) {
            throw new IllegalArgumentException("latents " + shape + " do not fit patches of " + config.patchH() + "x"
                    + config.patchW() + " with " + config.channels() + " channels");
        }
        int expected = 5 + (config.knownFrames() ? 1 : 0) + (config.selfConditioning() ? 1 : 0);
        if (inputs.size() != expected) {
            throw new IllegalArgumentException("this denoiser takes " + expected + " inputs (known-frame mask: "
                    + config.knownFrames() + ", previous estimate: " + config.selfConditioning() + "), got "
                    + inputs.size());
        }
        NDArray known = config.knownFrames() ? inputs.get(5) : null;
        NDArray previous = config.selfConditioning() ? inputs.get(expected - 1) : null;
        if (previous != null && !previous.getShape().equals(shape)) {
            throw new IllegalArgumentException("previous estimate " + previous.getShape() + " is not shaped like "
                    + shape);
        }
        try (Scope scope = Scope.of(latents, inputs.get(1), inputs.get(2), inputs.get(3), inputs.get(4), known,
                previous)) {
            NDList channels = new NDList(latents);
            if (known != null) {
                channels.add(known.reshape(shape.get(0), frames, 1, 1, 1)
                        .broadcast(shape.get(0), frames, height, width, 1));
            }
            if (previous != null) {
                channels.add(previous);
            }
            NDArray x = channels.size() == 1 ? latents : NDArrays.concat(channels, 4);
            x = padFrames(x, frames);
            long gh = height / config.patchH();
            long gw = width / config.patchW();
            long t = x.getShape().get(1) / config.patchT();
            NDArray h = patchEmbed.apply(store, training, Patches.patchify(x, config.patchT(), config.patchH(), config.patchW()));
            float[] positions = SinCos.spacetime((int) t, (int) gh, (int) gw, config.width());
            h = h.add(h.getManager().create(positions, new Shape(t, gh * gw, config.width())));

            NDArray time = SinCos.timestep(inputs.get(1), config.timestepFrequencies());
            NDArray condition = timeOut.apply(store, training, Activation.swish(timeIn.apply(store, training, time), 1f))
                    .add(pooledProjection.apply(store, training, inputs.get(4)));
            condition = Activation.swish(condition, 1f);
            NDArray context = contextProjection.apply(store, training, inputs.get(2));
            NDArray bias = TextTransformer.paddingBias(inputs.get(3));

            for (DitBlock block : blocks) {
                NDArray next;
                try (Scope blockScope = Scope.of(h, condition, context, bias)) {
                    next = blockScope.keep(block.apply(store, training, h, condition, context, bias));
                }
                h.close();
                h = next;
            }
            NDArray patches = finalLayer.apply(store, training, h, condition);
            NDArray out = Patches.unpatchify(patches, gh, gw, config.patchT(), config.patchH(), config.patchW(),
                    config.channels());
            if (refiner != null) {
                out = out.add(refiner.apply(store, training, h, x, condition));
            }
            if (out.getShape().get(1) != frames) {
                out = out.get(new NDIndex(":, :{}", frames));
            }
            return scope.keep(out);
        }
    }

    /** Repeats the last frame up to a multiple of the temporal patch size (an image becomes patchT frames). */
    private NDArray padFrames(NDArray latents, int frames) {
        int pad = (config.patchT() - frames % config.patchT()) % config.patchT();
        if (pad == 0) {
            return latents;
        }
        NDArray last = latents.get(new NDIndex(":, {}:", frames - 1));
        return latents.concat(last.repeat(1, pad), 1);
    }
}
