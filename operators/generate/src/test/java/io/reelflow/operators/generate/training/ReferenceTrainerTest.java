package io.reelflow.operators.generate.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.operators.generate.internal.DitConfig;
import io.reelflow.operators.generate.internal.SpacetimeDitNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real forward and backward passes through a tiny spacetime DiT on the shape world. */
class ReferenceTrainerTest {

    static final String ARCHITECTURE = """
            {"type": "spacetime-dit", "init-seed": 5, "init-zero-out": true, "channels": 3, "patch": [2, 4, 4],
             "width": 32, "depth": 1, "heads": 2, "mlp-ratio": 2, "timestep-frequencies": 32,
             "train-timesteps": 1000, "attention-chunk-elements": 1048576, "known-frames": true, "self-conditioning": true,
             "window-frames": 4, "context-frames": 1, "refiner": {"features": 4, "hidden": 8},
             "text": {"tokenizer": "hashed-words", "vocabulary-size": 256, "max-tokens": 16, "width": 32,
                      "depth": 1, "heads": 2},
             "sizing": {"image-pixels": 256, "video-pixels": 256, "area-band": [0.6, 1.6], "aspect-tolerance": 0.015}}
            """;

    static DitConfig config() throws IOException {
        return DitConfig.parse(new ObjectMapper().readTree(ARCHITECTURE));
    }

    static TrainingSpec spec(int steps, double learningRate) {
        return spec(steps, learningRate, 1);
    }

    static TrainingSpec spec(int steps, double learningRate, double textLearningRateScale) {
        return new TrainingSpec(11, steps, 128, learningRate, 2, 0.1, 0.01, 1.0, 0.9, 0.1, 0.5, 0.4, 2.0, 0.5, 3.0, 1.0, 0.5, 0.5,
                textLearningRateScale,
                List.of(new TrainingSpec.Bucket(16, 16, 1), new TrainingSpec.Bucket(20, 12, 1)),
                List.of(new TrainingSpec.FrameCount(1, 1), new TrainingSpec.FrameCount(4, 1)), 2);
    }

    @Test
    void aResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        new ReferenceTrainer(config(), spec(4, 1e-3), dir.resolve("whole")).train(step -> {});
        new ReferenceTrainer(config(), spec(4, 1e-3), dir.resolve("whole")).exportWeights(dir.resolve("whole.params"), false);

        ReferenceTrainer interrupted = new ReferenceTrainer(config(), spec(4, 1e-3), dir.resolve("resumed"));
        assertThatThrownBy(() -> interrupted.train(step -> {
            if (step.step() == 3) {
                throw new IllegalStateException("killed"); // after the checkpoint at step 2
            }
        })).hasMessage("killed");
        List<Integer> resumedSteps = new ArrayList<>();
        new ReferenceTrainer(config(), spec(4, 1e-3), dir.resolve("resumed")).train(step -> resumedSteps.add(step.step()));
        new ReferenceTrainer(config(), spec(4, 1e-3), dir.resolve("resumed")).exportWeights(dir.resolve("resumed.params"), false);

        assertThat(resumedSteps).containsExactly(3, 4);
        assertThat(Files.readAllBytes(dir.resolve("resumed.params"))).isEqualTo(Files.readAllBytes(dir.resolve("whole.params")));
        assertThat(Files.readAllLines(dir.resolve("resumed/training-log.csv")))
                .hasSize(5).first().isEqualTo(TrainingLog.HEADER);
    }

    @Test
    void theExportedWeightsAreTheTrainedOnesNotTheInitialisation(@TempDir Path dir) throws IOException {
        ReferenceTrainer trainer = new ReferenceTrainer(config(), spec(2, 1e-2), dir);
        trainer.train(step -> {});
        trainer.exportWeights(dir.resolve("trained.params"), false);
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                java.io.DataOutputStream out = new java.io.DataOutputStream(
                        Files.newOutputStream(dir.resolve("initial.params")))) {
            io.reelflow.operators.generate.internal.SpacetimeDitNetwork network =
                    new io.reelflow.operators.generate.internal.SpacetimeDitNetwork(config());
            network.initializeSeeded(manager, config().initSeed());
            network.save(out);
        }
        assertThat(Files.size(dir.resolve("trained.params"))).isEqualTo(Files.size(dir.resolve("initial.params")));
        assertThat(Files.readAllBytes(dir.resolve("trained.params")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("initial.params")));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} attention")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"factorised", "spacetime"})
    void theLossFalls(String attention, @TempDir Path dir) throws IOException {
        DitConfig config = DitConfig.parse(new ObjectMapper().readTree(
                ARCHITECTURE.replace("\"type\": \"spacetime-dit\",", "\"type\": \"spacetime-dit\", \"attention\": \"" + attention + "\",")));
        List<Double> losses = new ArrayList<>();
        new ReferenceTrainer(config, spec(100, 3e-3), dir).train(step -> losses.add(step.loss()));
        double first = losses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(90, 100).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(last).isLessThan(first * 0.8);
    }

    @Test
    void theSpacetimeLayoutReplacesSpatialAndTemporalAttentionWithOneOverTheWholeClip() throws IOException {
        DitConfig spacetime = DitConfig.parse(new ObjectMapper().readTree(
                ARCHITECTURE.replace("\"type\": \"spacetime-dit\",", "\"type\": \"spacetime-dit\", \"attention\": \"spacetime\",")));
        SpacetimeDitNetwork joint = new SpacetimeDitNetwork(spacetime);
        SpacetimeDitNetwork factorised = new SpacetimeDitNetwork(config());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            joint.initializeSeeded(manager, 5);
            factorised.initializeSeeded(manager, 5);
            List<String> names = joint.getParameters().keys();
            assertThat(names).anyMatch(name -> name.contains("spacetime"))
                    .noneMatch(name -> name.contains("temporal") || name.contains("spatial"));
            int width = 32;
            long oneAttention = 4L * width * width + 4L * width + 2L * width; // q, k, v, out and a norm
            assertThat(factorised.parameterCount() - joint.parameterCount()).isEqualTo(oneAttention + 3L * width * width + 3L * width);
            assertThat(predict(joint, manager).getShape()).isEqualTo(new Shape(1, 4, 8, 12, 3));
        }
        assertThatThrownBy(() -> DitConfig.parse(new ObjectMapper().readTree(
                ARCHITECTURE.replace("\"type\": \"spacetime-dit\",", "\"type\": \"spacetime-dit\", \"attention\": \"axial\","))))
                .hasMessageContaining("attention must be factorised or spacetime, not 'axial'");
    }

    @Test
    void aTextLearningRateScaleOfZeroLeavesTheTextEncoderAsInitialised(@TempDir Path dir) throws Exception {
        new ReferenceTrainer(config(), spec(3, 1e-2, 0), dir).train(step -> {});
        new ReferenceTrainer(config(), spec(3, 1e-2, 0), dir).exportWeights(dir.resolve("w.params"), false);
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(dir.resolve("w.params")))) {
            SpacetimeDitNetwork initial = new SpacetimeDitNetwork(config());
            initial.initializeSeeded(manager, config().initSeed());
            SpacetimeDitNetwork trained = new SpacetimeDitNetwork(config());
            trained.initializeSeeded(manager, config().initSeed());
            trained.load(manager, in);
            int text = 0;
            int moved = 0;
            for (int i = 0; i < initial.getParameters().size(); i++) {
                var before = initial.getParameters().get(i).getValue();
                NDArray after = trained.getParameters().get(i).getValue().getArray();
                float change = after.sub(before.getArray()).abs().max().getFloat();
                if (initial.inTextEncoder(before)) {
                    text++;
                    assertThat(change).as(initial.getParameters().get(i).getKey()).isLessThan(1e-6f); // EMA rounding
                } else if (change > 1e-4f) {
                    moved++;
                }
            }
            assertThat(text).isGreaterThan(5);
            assertThat(moved).isGreaterThan(5);
        }
    }

    @Test
    void anUnfinishedRunExportsOnlyAsASnapshot(@TempDir Path dir) throws IOException {
        ReferenceTrainer trainer = new ReferenceTrainer(config(), spec(4, 1e-3), dir);
        assertThatThrownBy(() -> trainer.train(step -> {
            if (step.step() == 3) {
                throw new IllegalStateException("stopped");
            }
        }));
        assertThatThrownBy(() -> trainer.exportWeights(dir.resolve("w.params"), false))
                .hasMessageContaining("stopped at step 2 of 4");
        assertThat(trainer.exportWeights(dir.resolve("w.params"), true)).isEqualTo(2);
    }

    @Test
    void aCheckpointOfAnotherRecipeIsNotResumed(@TempDir Path dir) throws IOException {
        new ReferenceTrainer(config(), spec(2, 1e-3), dir).train(step -> {});
        byte[] checkpoint = Files.readAllBytes(dir.resolve("checkpoint.bin"));

        assertThatThrownBy(() -> new ReferenceTrainer(config(), spec(2, 2e-3), dir).train(step -> {}))
                .hasMessageContaining("belongs to another architecture or training recipe");
        assertThat(Files.readAllBytes(dir.resolve("checkpoint.bin"))).isEqualTo(checkpoint);
    }

    @Test
    void aZeroInitialisedRefinerLeavesThePredictionOfTheSameWeightsUnchanged() throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SpacetimeDitNetwork refined = new SpacetimeDitNetwork(config());
            SpacetimeDitNetwork plain = new SpacetimeDitNetwork(DitConfig.parse(new ObjectMapper().readTree(
                    ARCHITECTURE.replace("\"refiner\": {\"features\": 4, \"hidden\": 8},", ""))));
            assertThat(config().refiner()).isTrue();
            refined.initializeSeeded(manager, 5);
            plain.initializeSeeded(manager, 5);
            // zero-initialised output layers would make both predict 0: give the shared weights random values
            java.util.Map<String, ai.djl.nn.Parameter> shared = new java.util.HashMap<>();
            plain.getParameters().forEach(entry -> shared.put(entry.getKey(), entry.getValue()));
            java.util.Random random = new java.util.Random(7);
            for (var entry : refined.getParameters()) {
                if (!entry.getKey().contains("refiner") || entry.getKey().contains("features")
                        || entry.getKey().contains("hidden")) {
                    NDArray array = entry.getValue().getArray();
                    float[] values = new float[(int) array.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) random.nextGaussian() * 0.1f;
                    }
                    array.set(values);
                    if (shared.containsKey(entry.getKey())) {
                        shared.get(entry.getKey()).getArray().set(values);
                    }
                }
            }
            assertThat(refined.parameterCount()).isGreaterThan(plain.parameterCount());
            NDArray refinedPrediction = predict(refined, manager);
            assertThat(refinedPrediction.toFloatArray()).containsExactly(predict(plain, manager).toFloatArray());
            assertThat(refinedPrediction.abs().sum().getFloat()).isPositive();
        }
    }

    @Test
    void edgeAndMotionErrorsCountDifferencesBetweenNeighboursOfGeneratedFramesOnly() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape shape = new Shape(1, 3, 4, 4, 3);
            NDArray allGenerated = manager.ones(new Shape(1, 3, 1, 1, 1));
            NDArray constant = manager.full(shape, 0.5f);
            assertThat(ReferenceTrainer.edgeError(constant, allGenerated).getFloat()).isZero();
            assertThat(ReferenceTrainer.motionError(constant, allGenerated).getFloat()).isZero();
            // one pixel of frame 1 off by 1: 2 horizontal and 2 vertical neighbours x 3 channels differ by 1
            float[] values = new float[(int) shape.size()];
            int pixel = ((1 * 4 + 1) * 4 + 1) * 3;
            values[pixel] = values[pixel + 1] = values[pixel + 2] = 1;
            NDArray spot = manager.create(values, shape);
            float perFrame = 2 * 4 * 3 * 3; // 3x4 differences per axis, two axes, 3 channels
            assertThat(ReferenceTrainer.edgeError(spot, allGenerated).getFloat()).isCloseTo(12 / (3 * perFrame),
                    org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(ReferenceTrainer.motionError(spot, allGenerated).getFloat()).isCloseTo(6 / (2 * 48f),
                    org.assertj.core.data.Offset.offset(1e-6f));
            NDArray onlyFrame0 = manager.create(new float[] {1, 0, 0}, new Shape(1, 3, 1, 1, 1));
            assertThat(ReferenceTrainer.edgeError(spot, onlyFrame0).getFloat()).isZero();
            assertThat(ReferenceTrainer.motionError(spot, onlyFrame0).getFloat()).isZero();
        }
    }

    private static NDArray predict(SpacetimeDitNetwork network, NDManager manager) throws IOException {
        ParameterStore store = new ParameterStore(manager, false);
        TextConditioning text = network.textEncoder(config(), store, false).encode(manager,
                List.of("a red circle moving left on a blue background"));
        NDArray latents = manager.arange(4 * 8 * 12 * 3f).div(4 * 8 * 12 * 3f).sin().reshape(1, 4, 8, 12, 3);
        NDArray previous = latents.mul(0.5f).cos();
        return network.denoise(store, false, latents, manager.create(new float[] {500}), text,
                manager.create(new float[] {1, 0, 0, 0}, new Shape(1, 4)), previous);
    }
}
