package io.reelflow.operators.generate.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.operators.generate.internal.DitConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code reelflow train}: trains the model a directory describes ({@code model.json}'s architecture,
 * {@code training.json}'s recipe), resuming from the work directory's checkpoint, then writes into the model
 * directory the EMA weights, the loss log and its plot, and marks the manifest trained.
 */
public final class ReferenceTraining {

    public static final String WEIGHTS = "weights.params";
    public static final String LOG = "training-log.csv";
    public static final String PLOT = "training-loss.png";

    /** What a finished run left in the model directory. */
    public record Outcome(int steps, double trainingSeconds, double finalLoss, String weightsSha256, Path weights) {}

    private ReferenceTraining() {}

    public static Outcome run(Path modelDir, Path workDir, Consumer<ReferenceTrainer.StepLog> progress)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path manifestFile = modelDir.resolve("model.json");
        ObjectNode manifest = (ObjectNode) json.readTree(Files.readAllBytes(manifestFile));
        DitConfig config = DitConfig.parse(manifest.get("architecture"));
        TrainingSpec spec = TrainingSpec.read(modelDir.resolve("training.json"));
        ReferenceTrainer trainer = new ReferenceTrainer(config, spec, workDir);
        TrainingCheckpoint.State state = trainer.train(progress);
        Path weights = modelDir.resolve(WEIGHTS);
        trainer.exportWeights(weights, false);
        Files.copy(workDir.resolve(LOG), modelDir.resolve(LOG), StandardCopyOption.REPLACE_EXISTING);
        double[] losses = losses(modelDir.resolve(LOG));
        LossPlot.write(losses, modelDir.resolve(PLOT));
        double finalLoss = tailMean(losses, 100);
        String sha256 = sha256(weights);

        manifest.put("trained", true);
        manifest.put("weights", WEIGHTS);
        ObjectNode training = manifest.putObject("training");
        training.put("command", "./reelflow train --model-dir models/" + modelDir.getFileName());
        training.put("steps", state.step());
        training.put("seconds", Math.round(state.seconds()));
        training.put("final-loss-mean-100", Double.parseDouble(String.format(Locale.ROOT, "%.5f", finalLoss)));
        training.put("weights-sha256", sha256);
        Files.writeString(manifestFile, json.writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
        return new Outcome(state.step(), state.seconds(), finalLoss, sha256, weights);
    }

    /**
     * A snapshot of a run in progress: copies the model directory's manifest into {@code snapshotRepository}/id with
     * the checkpoint's EMA weights, marked untrained, so it can be sampled and evaluated like any model.
     * Returns the checkpoint's step.
     */
    public static int snapshot(Path modelDir, Path workDir, Path snapshotRepository) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode manifest = (ObjectNode) json.readTree(Files.readAllBytes(modelDir.resolve("model.json")));
        DitConfig config = DitConfig.parse(manifest.get("architecture"));
        Path target = snapshotRepository.resolve(manifest.required("id").asText());
        Files.createDirectories(target);
        int step = new ReferenceTrainer(config, TrainingSpec.read(modelDir.resolve("training.json")), workDir)
                .exportWeights(target.resolve(WEIGHTS), true);
        manifest.put("trained", false);
        manifest.put("weights", WEIGHTS);
        manifest.put("version", manifest.path("version").asText() + "-snapshot-" + step);
        Files.writeString(target.resolve("model.json"), json.writeValueAsString(manifest), StandardCharsets.UTF_8);
        return step;
    }

    static double[] losses(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.stream().skip(1).filter(l -> !l.isBlank())
                .mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
    }

    private static double tailMean(double[] values, int count) {
        int from = Math.max(0, values.length - count);
        double sum = 0;
        for (int i = from; i < values.length; i++) {
            sum += values[i];
        }
        return sum / Math.max(1, values.length - from);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
