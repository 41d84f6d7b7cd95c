package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.generate.ClassifierFreeGuidance;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.ModelRegistry;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.operators.generate.TextConditioning;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real forward passes of the reference architecture (random weights, so outputs depend on every input). */
class SpacetimeDitModelTest {

    private final GenerationModel model = TestRequests.randomInitModel();
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest(name = "{0} frames of {1}x{2}")
    @CsvSource({"1, 32, 32", "4, 36, 20", "3, 20, 36", "16, 28, 28", "8, 128, 72"})
    void predictsOneValuePerLatentForAnyGridAndFrameCount(int frames, int width, int height) {
        NDArray latents = noise(1, frames, height, width, 1);
        TextConditioning text = model.textEncoder().encode(manager, List.of("a blue square"));

        NDArray prediction = model.denoiser().predict(latents, manager.create(new float[] {500f}), text);

        assertThat(prediction.getShape()).isEqualTo(latents.getShape());
        assertThat(prediction.isInfinite().any().getBoolean()).isFalse();
        assertThat(prediction.isNaN().any().getBoolean()).isFalse();
    }

    @Test
    void thePredictionDependsOnPromptAndTimestep() {
        NDArray latents = noise(2, 2, 20, 36, 2);
        NDArray t = manager.create(new float[] {700f, 700f});
        TextConditioning prompts = model.textEncoder().encode(manager, List.of("a red circle", "一个蓝色的正方形"));

        NDArray byPrompt = model.denoiser().predict(latents, t, prompts);
        NDArray laterTime = model.denoiser().predict(latents, manager.create(new float[] {100f, 100f}), prompts);

        assertThat(maxDifference(byPrompt.get(0), byPrompt.get(1))).isGreaterThan(1e-3f);
        assertThat(maxDifference(byPrompt, laterTime)).isGreaterThan(1e-3f);
    }

    @Test
    void aSelfConditionedDenoiserFeedsItsLastEstimateBackWithinARunOnly() {
        GenerationModel selfConditioned = TestRequests.randomInitModel(true);
        NDArray latents = noise(1, 4, 32, 32, 4);
        NDArray t = manager.create(new float[] {800f});
        TextConditioning text = selfConditioned.textEncoder().encode(manager, List.of("a green square moving up"));
        Denoiser shared = selfConditioned.denoiser();
        Denoiser run = shared.forRun(manager);

        NDArray first = run.predict(latents, t, text);
        NDArray second = run.predict(latents, t, text);

        assertThat(maxDifference(first, shared.predict(latents, t, text))).as("first step: zeros, as shared")
                .isLessThan(1e-6f);
        assertThat(maxDifference(second, first)).as("second step sees the first's estimate").isGreaterThan(1e-3f);
        assertThat(maxDifference(shared.predict(latents, t, text), first)).as("the shared one keeps no state")
                .isLessThan(1e-6f);
        Denoiser stateless = TestRequests.randomInitModel(false).denoiser();
        assertThat(stateless.forRun(manager)).isSameAs(stateless);
    }

    @Test
    void guidanceOfOneIsTheConditionalPrediction() {
        NDArray latents = noise(1, 1, 32, 32, 3);
        NDArray t = manager.create(new float[] {900f});
        TextConditioning pair = model.textEncoder().encode(manager, List.of("", "a yellow triangle growing"));
        TextConditioning condOnly = model.textEncoder().encode(manager, List.of("a yellow triangle growing"));

        NDArray guided = ClassifierFreeGuidance.predict(model.denoiser(), latents, t, pair, 1.0);
        NDArray guidedMore = ClassifierFreeGuidance.predict(model.denoiser(), latents, t, pair, 4.0);
        NDArray conditional = model.denoiser().predict(latents, t, condOnly);

        assertThat(maxDifference(guided, conditional)).isLessThan(1e-4f);
        assertThat(maxDifference(guidedMore, conditional)).isGreaterThan(1e-3f);
    }

    @Test
    void eachStepFreesItsActivationsSoOnlyTheLatentsCarryOver() {
        TextConditioning text = model.textEncoder().encode(manager, List.of("", "a purple square shrinking"));
        NDArray noise = noise(1, 2, 20, 36, 5);
        int before = manager.getManagedArrays().size();
        FlowMatchEulerSampler sampler = new FlowMatchEulerSampler(1000);

        NDArray oneStep = SamplingLoop.sample(model.denoiser(), sampler.start(settings(1), model.denoiser().prediction()),
                noise, text, 4.0);
        int afterOneStep = manager.getManagedArrays().size();
        NDArray threeSteps = SamplingLoop.sample(model.denoiser(), sampler.start(settings(3), model.denoiser().prediction()),
                noise, text, 4.0);

        assertThat(afterOneStep).isEqualTo(before + 1);
        assertThat(manager.getManagedArrays()).hasSize(before + 2).contains(oneStep, threeSteps);
    }

    @Test
    void promptEncodingDoesNotDependOnTheRestOfTheBatch() {
        TextConditioning alone = model.textEncoder().encode(manager, List.of("a white circle"));
        TextConditioning batched = model.textEncoder()
                .encode(manager, List.of("a much longer prompt about a black square moving up", "a white circle"));

        assertThat(maxDifference(alone.pooled().get(0), batched.pooled().get(1))).isLessThan(1e-5f);
    }

    @Test
    void seededInitialisationIsIdenticalInEveryProcessAndChangesWithTheSeed() {
        DitConfig config = ((SpacetimeDitModel) model).config();
        SpacetimeDitNetwork first = new SpacetimeDitNetwork(config);
        SpacetimeDitNetwork second = new SpacetimeDitNetwork(config);
        SpacetimeDitNetwork reseeded = new SpacetimeDitNetwork(config);
        first.initializeSeeded(manager, config.initSeed());
        second.initializeSeeded(manager, config.initSeed());
        reseeded.initializeSeeded(manager, config.initSeed() + 1);

        assertThat(first.parameterCount()).isEqualTo(((SpacetimeDitModel) model).parameterCount()).isGreaterThan(1_000_000);
        for (int i = 0; i < first.getParameters().size(); i++) {
            NDArray a = first.getParameters().valueAt(i).getArray();
            assertThat(a.contentEquals(second.getParameters().valueAt(i).getArray()))
                    .as(first.getParameters().keyAt(i)).isTrue();
        }
        NDArray embedding = first.getParameters().valueAt(0).getArray();
        assertThat(embedding.contentEquals(reseeded.getParameters().valueAt(0).getArray())).isFalse();
    }

    @Test
    void weightsSavedToAFileLoadBackWithTheirHash(@TempDir Path repository) throws Exception {
        SpacetimeDitModel seeded = (SpacetimeDitModel) model;
        SpacetimeDitNetwork network = new SpacetimeDitNetwork(seeded.config());
        network.initializeSeeded(manager, seeded.config().initSeed());
        Path folder = Files.createDirectories(repository.resolve("trained-copy"));
        try (OutputStream out = Files.newOutputStream(folder.resolve("weights.params"))) {
            network.save(new DataOutputStream(out));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest;
        try (InputStream in = new ModelCatalog("classpath:models").open(TestRequests.MODEL, "model.json").orElseThrow()) {
            manifest = (ObjectNode) json.readTree(in);
        }
        manifest.put("id", "trained-copy").put("trained", true).put("weights", "weights.params");
        ((ObjectNode) manifest.get("architecture")).put("init-zero-out", false);
        json.writeValue(folder.resolve("model.json").toFile(), manifest);

        GenerationModel loaded = ModelRegistry.shared().find(new ModelCatalog(repository.toString()), "trained-copy",
                Device.cpu()).orElseThrow();

        String sha256 = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(folder.resolve("weights.params"))));
        assertThat(loaded.info().getWeightsSha256()).isEqualTo(sha256);
        assertThat(loaded.info().getTrained()).isTrue();
        NDArray latents = noise(1, 2, 20, 36, 4);
        NDArray t = manager.create(new float[] {250f});
        TextConditioning text = model.textEncoder().encode(manager, List.of("a green circle"));
        assertThat(loaded.denoiser().predict(latents, t, text).contentEquals(model.denoiser().predict(latents, t, text)))
                .isTrue();
    }

    @Test
    void aModelTrainedOnSharedFrameNoiseCannotOfferAStochasticSampler(@TempDir Path repository) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest;
        try (InputStream in = new ModelCatalog("classpath:models").open(TestRequests.MODEL, "model.json").orElseThrow()) {
            manifest = (ObjectNode) json.readTree(in);
        }
        manifest.put("id", "shared-noise").put("trained", false).putNull("weights");
        manifest.putArray("samplers").add("flow-euler").add("flow-euler-stochastic");
        ((ObjectNode) manifest.get("architecture")).put("frame-noise-share", 0.5);
        json.writeValue(Files.createDirectories(repository.resolve("shared-noise")).resolve("model.json").toFile(),
                manifest);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelRegistry.shared()
                        .find(new ModelCatalog(repository.toString()), "shared-noise", Device.cpu()))
                .hasStackTraceContaining("cannot offer the stochastic sampler flow-euler-stochastic");
    }

    private static SamplingSettings settings(int steps) {
        return new SamplingSettings("flow-euler", steps, 4.0, 1.0, 1L, "p", "");
    }

    private NDArray noise(int batch, int frames, int height, int width, long seed) {
        Shape shape = new Shape(batch, frames, height, width, 3);
        return manager.create(SplitMix64.gaussians(seed, Math.toIntExact(shape.size())), shape);
    }

    private static float maxDifference(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
