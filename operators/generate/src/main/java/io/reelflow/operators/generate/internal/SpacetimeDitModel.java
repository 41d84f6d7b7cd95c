package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
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
        SpacetimeDit dit = network.denoiser();
        this.denoiser = new Denoiser() {
            @Override
            public Prediction prediction() {
                return prediction;
            }

            @Override
            public NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text) {
                return dit.apply(store, false, latents, timesteps, text.tokens(), text.mask(), text.pooled());
            }
        };
        this.textEncoder = new HashTextEncoder(config.text(), network.text(), store);
        this.sizer = new NativeSizer(config.sizing(), config.patchH(), config.patchW());
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
    public int trainTimesteps() {
        return config.trainTimesteps();
    }
}
