package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.reelflow.model.ModelManifest;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.LatentCodec;
import io.reelflow.operators.generate.NativeFormat;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.operators.generate.TextEncoder;
import io.reelflow.schema.ModelInfo;

/** The reference model, loaded: pixel space, spacetime DiT denoiser, hashed-word text encoder. */
public final class SpacetimeDitModel implements GenerationModel {

    private final ModelManifest manifest;
    private final DitConfig config;
    private final SpacetimeDitNetwork network;
    private final ModelInfo info;
    private final Denoiser denoiser;
    private final TextEncoder textEncoder;
    private final NativeSizer sizer;

    SpacetimeDitModel(ModelManifest manifest, DitConfig config, SpacetimeDitNetwork network, ParameterStore store,
            String weightsSha256) {
        this.manifest = manifest;
        this.config = config;
        this.network = network;
        this.info = ModelInfo.newBuilder()
                .setId(manifest.id())
                .setTrained(manifest.trained())
                .setWeightsSha256(weightsSha256)
                .build();
        Prediction prediction = Prediction.parse(manifest.prediction());
        this.denoiser = new DitDenoiser(prediction, network, store, config, null, null);
        this.textEncoder = network.textEncoder(config, store, false);
        this.sizer = new NativeSizer(config.sizing(), config.patchH(), config.patchW(), buckets(manifest));
    }

    /**
     * The network with an optional known-frame mask (models with the mask channel get zeros when none is given) and,
     * for self-conditioned models within a run, the last clean estimate (zeros outside a run and at its first step).
     */
    private static final class DitDenoiser implements Denoiser {
        private final Prediction prediction;
        private final SpacetimeDitNetwork network;
        private final ParameterStore store;
        private final DitConfig config;
        private final NDArray known;
        private final NDManager run;
        private NDArray previous;

        DitDenoiser(Prediction prediction, SpacetimeDitNetwork network, ParameterStore store, DitConfig config,
                NDArray known, NDManager run) {
            this.prediction = prediction;
            this.network = network;
            this.store = store;
            this.config = config;
            this.known = known;
            this.run = run;
        }

        @Override
        public Prediction prediction() {
            return prediction;
        }

        @Override
        public boolean takesKnownFrames() {
            return config.knownFrames();
        }

        @Override
        public NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text) {
            Shape shape = latents.getShape();
            try (NDManager scratch = latents.getManager().newSubManager()) {
                NDArray mask = config.knownFrames() ? mask(shape, scratch) : null;
                NDArray last = null;
                if (config.selfConditioning()) {
                    last = previous != null && previous.getShape().equals(shape) ? previous : scratch.zeros(shape);
                }
                NDArray out = network.denoise(store, false, latents, timesteps, text, mask, last);
                out.attach(latents.getManager());
                if (config.selfConditioning() && run != null) {
                    remember(latents, timesteps, out);
                }
                return out;
            }
        }

        /** x0 = x_t - sigma v for the flow prediction this architecture makes, sigma the timestep over its scale. */
        private void remember(NDArray latents, NDArray timesteps, NDArray velocity) {
            NDArray sigma = timesteps.div(config.trainTimesteps()).reshape(latents.getShape().get(0), 1, 1, 1, 1);
            NDArray estimate = latents.sub(velocity.mul(sigma));
            estimate.attach(run);
            if (previous != null) {
                previous.close();
            }
            previous = estimate;
        }

        private NDArray mask(Shape shape, NDManager scratch) {
            if (known == null) {
                return scratch.zeros(new Shape(shape.get(0), shape.get(1)));
            }
            if (known.getShape().get(0) == shape.get(0)) {
                return known;
            }
            NDList copies = new NDList(); // whole copies, [uncond.., cond..] order; PyTorch has no tile in DJL
            for (long i = 0; i < shape.get(0) / known.getShape().get(0); i++) {
                copies.add(known);
            }
            NDArray mask = NDArrays.concat(copies, 0);
            mask.attach(scratch);
            return mask;
        }

        @Override
        public Denoiser withKnownFrames(NDArray mask) {
            if (!config.knownFrames()) {
                return Denoiser.super.withKnownFrames(mask);
            }
            return new DitDenoiser(prediction, network, store, config, mask, run);
        }

        @Override
        public boolean batchesAcrossRuns() {
            return !config.selfConditioning();
        }

        @Override
        public Denoiser forRun(NDManager manager) {
            return config.selfConditioning() ? new DitDenoiser(prediction, network, store, config, known, manager)
                    : this;
        }
    }

    /** The manifest's {@code architecture.aspect-buckets}, [[width, height], ...], or none. */
    private static java.util.List<int[]> buckets(ModelManifest manifest) {
        java.util.List<int[]> buckets = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode bucket : manifest.architecture().path("aspect-buckets")) {
            buckets.add(new int[] {bucket.path(0).asInt(), bucket.path(1).asInt()});
        }
        return buckets;
    }

    public DitConfig config() {
        return config;
    }

    public long parameterCount() {
        return network.parameterCount();
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public Denoiser denoiser() {
        return denoiser;
    }

    @Override
    public TextEncoder textEncoder() {
        return textEncoder;
    }

    @Override
    public LatentCodec latentCodec() {
        return LatentCodec.identity();
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.newBuilder(info).build();
    }

    @Override
    public NativeFormat imageFormat(int width, int height) {
        NativeSizer.Size size = sizer.image(width, height);
        return new NativeFormat(size.width(), size.height(), 1, 0);
    }

    @Override
    public NativeFormat videoFormat(int width, int height, double seconds) {
        NativeSizer.Size size = sizer.video(width, height);
        return new NativeFormat(size.width(), size.height(), GenerationModel.nativeFrames(manifest, seconds),
                manifest.nativeFps());
    }

    @Override
    public int windowFrames() {
        return Math.min(config.windowFrames(), manifest.maxNativeFrames());
    }

    @Override
    public int contextFrames() {
        return config.contextFrames();
    }

    @Override
    public double frameNoiseShare() {
        return config.frameNoiseShare();
    }

    @Override
    public int trainTimesteps() {
        return config.trainTimesteps();
    }
}
