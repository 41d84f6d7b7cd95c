package io.reelflow.operators.generate.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.operators.generate.internal.DitConfig;
import io.reelflow.operators.generate.internal.SpacetimeDitArchitecture;
import io.reelflow.operators.generate.internal.SpacetimeDitNetwork;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains the reference spacetime DiT by rectified flow on the procedural shape world: for a clip x, noise e and time
 * t, the network sees (1 - t) x + t e (given frames clean) and learns the velocity e - x on the frames to generate.
 * Checkpoints every {@code checkpoint-every} steps and resumes from the last one, bit for bit on the same machine;
 * the result is the exponential moving average of the weights.
 */
public final class ReferenceTrainer {

    /** One logged step. */
    public record StepLog(int step, double loss, double gradientNorm, double learningRate, int batch, int frames,
            int width, int height, double seconds) {}

    /** A step whose gradients overflow is skipped (logged with a non-finite norm); many in a row is divergence. */
    private static final int MAX_SKIPPED_IN_A_ROW = 5;

    private final DitConfig config;
    private final TrainingSpec spec;
    private final Path workDir;

    public ReferenceTrainer(DitConfig config, TrainingSpec spec, Path workDir) {
        this.config = config;
        this.spec = spec;
        this.workDir = workDir;
    }

    /** Trains from the last checkpoint in the work directory (or from scratch) to {@code spec.steps}. */
    public TrainingCheckpoint.State train(Consumer<StepLog> progress) throws IOException {
        Files.createDirectories(workDir);
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine(SpacetimeDitArchitecture.ENGINE).defaultDevice(),
                SpacetimeDitArchitecture.ENGINE)) {
            SpacetimeDitNetwork network = new SpacetimeDitNetwork(config);
            network.initializeSeeded(manager, config.initSeed());
            network.freeze(); // no gradients until restored: PyTorch refuses in-place writes to leaves that need them
            List<String> names = new ArrayList<>();
            List<NDArray> parameters = new ArrayList<>();
            for (Pair<String, Parameter> entry : network.getParameters()) {
                names.add(entry.getKey());
                parameters.add(entry.getValue().getArray());
            }
            float[] rateScales = new float[names.size()];
            for (int i = 0; i < rateScales.length; i++) {
                rateScales[i] = network.inTextEncoder(network.getParameters().get(i).getValue())
                        ? (float) spec.textLearningRateScale() : 1f;
            }
            AdamW optimizer = new AdamW(manager, parameters, rateScales);
            List<NDArray> ema = new ArrayList<>();
            for (NDArray parameter : parameters) {
                ema.add(parameter.duplicate());
            }
            TrainingCheckpoint checkpoint = new TrainingCheckpoint(workDir.resolve("checkpoint.bin"), fingerprint(),
                    names, parameters, optimizer.firstMoments(), optimizer.secondMoments(), ema);
            TrainingCheckpoint.State state = checkpoint.restore();
            for (NDArray parameter : parameters) {
                parameter.setRequiresGradient(true);
            }
            TrainingLog log = TrainingLog.open(workDir.resolve("training-log.csv"), state.step());
            ParameterStore store = new ParameterStore(manager, false);
            long started = System.nanoTime();
            int step = state.step();
            double secondsBefore = state.seconds();
            int skippedInARow = 0;
            while (step < spec.steps()) {
                long stepStarted = System.nanoTime();
                TrainingBatch batch = TrainingBatch.draw(spec, config.patchT(), config.patchH() * config.patchW(),
                        config.frameNoiseShare(), step);
                double loss = lossAndGradients(network, store, manager, batch);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("training diverged at step " + (step + 1) + " (loss " + loss
                            + "); the last checkpoint is untouched");
                }
                double rate = spec.learningRate(step);
                double norm = optimizer.update(step, rate, spec.weightDecay(), spec.gradientClip());
                if (Double.isFinite(norm)) {
                    skippedInARow = 0;
                    updateEma(ema, parameters, step);
                } else if (++skippedInARow > MAX_SKIPPED_IN_A_ROW) {
                    throw new IllegalStateException("non-finite gradients in " + skippedInARow + " steps in a row"
                            + " up to step " + (step + 1) + "; the last checkpoint is untouched");
                }
                step++;
                StepLog entry = new StepLog(step, loss, norm, rate, batch.batch(), batch.frames(), batch.width(),
                        batch.height(), (System.nanoTime() - stepStarted) / 1e9);
                log.append(entry);
                progress.accept(entry);
                if (step % spec.checkpointEvery() == 0 || step == spec.steps()) {
                    log.flush();
                    state = new TrainingCheckpoint.State(step, secondsBefore + (System.nanoTime() - started) / 1e9);
                    checkpoint.save(state);
                }
            }
            log.close();
            return state;
        }
    }

    /**
     * Writes the EMA weights of the run's checkpoint in the model's parameter format; unless {@code partial}, only
     * once training has finished. Returns the checkpoint's step.
     */
    public int exportWeights(Path weightsFile, boolean partial) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine(SpacetimeDitArchitecture.ENGINE).defaultDevice(),
                SpacetimeDitArchitecture.ENGINE)) {
            SpacetimeDitNetwork network = new SpacetimeDitNetwork(config);
            network.initializeSeeded(manager, config.initSeed());
            network.freeze();
            List<String> names = new ArrayList<>();
            List<NDArray> parameters = new ArrayList<>();
            List<NDArray> scratch = new ArrayList<>();
            for (Pair<String, Parameter> entry : network.getParameters()) {
                names.add(entry.getKey());
                parameters.add(manager.zeros(entry.getValue().getArray().getShape()));
                scratch.add(entry.getValue().getArray());
            }
            // the checkpoint's EMA slot is loaded straight into the network's arrays
            TrainingCheckpoint checkpoint = new TrainingCheckpoint(workDir.resolve("checkpoint.bin"), fingerprint(),
                    names, parameters, copies(manager, parameters), copies(manager, parameters), scratch);
            TrainingCheckpoint.State state = checkpoint.restore();
            if (state.step() == 0) {
                throw new IllegalStateException("no checkpoint in " + workDir);
            }
            if (state.step() < spec.steps() && !partial) {
                throw new IllegalStateException("training stopped at step " + state.step() + " of " + spec.steps());
            }
            Path temporary = weightsFile.resolveSibling(weightsFile.getFileName() + ".tmp");
            try (OutputStream file = Files.newOutputStream(temporary);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
                network.save(out);
            }
            Files.move(temporary, weightsFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return state.step();
        }
    }

    /** What the run is: a checkpoint from another recipe or architecture must not be resumed. */
    private String fingerprint() {
        return config + "|" + spec;
    }

    private static List<NDArray> copies(NDManager manager, List<NDArray> like) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray array : like) {
            out.add(manager.zeros(array.getShape()));
        }
        return out;
    }

    private double lossAndGradients(SpacetimeDitNetwork network, ParameterStore store, NDManager manager,
            TrainingBatch batch) {
        Shape clipShape = new Shape(batch.batch(), batch.frames(), batch.height(), batch.width(), 3);
        Shape maskShape = new Shape(batch.batch(), batch.frames(), 1, 1, 1);
        try (NDManager step = manager.newSubManager()) {
            NDArray clips = step.create(batch.clips(), clipShape);
            NDArray noise = step.create(batch.noise(), clipShape);
            NDArray known = step.create(batch.known(), new Shape(batch.batch(), batch.frames()));
            NDArray knownVolume = known.reshape(maskShape);
            NDArray t = step.create(batch.times(), new Shape(batch.batch(), 1, 1, 1, 1));
            NDArray noisy = clips.mul(t.neg().add(1)).add(noise.mul(t));
            // given frames enter clean: x_t where unknown, x where known
            NDArray input = noisy.add(clips.sub(noisy).mul(knownVolume));
            NDArray target = noise.sub(clips);
            NDArray weight = knownVolume.neg().add(1);
            if (batch.objectWeight() > 0) {
                NDArray coverage = step.create(batch.coverage(),
                        new Shape(batch.batch(), batch.frames(), batch.height(), batch.width(), 1));
                weight = weight.mul(coverage.mul((float) batch.objectWeight()).add(1));
            }
            NDArray timesteps = step.create(batch.times(), new Shape(batch.batch())).mul(config.trainTimesteps());
            try (GradientCollector collector = Engine.getEngine(SpacetimeDitArchitecture.ENGINE).newGradientCollector()) {
                TextConditioning text = network.textEncoder(config, store, true).encode(step, batch.captions());
                NDArray mask = config.knownFrames() ? known : null;
                NDArray previous = null;
                if (config.selfConditioning()) {
                    // a first pass without it; its estimate x_t - t v is a constant input of the second
                    previous = step.zeros(clipShape);
                    NDArray selfConditioned = step.create(batch.selfConditioned(), new Shape(batch.batch(), 1, 1, 1, 1));
                    if (selfConditioned.sum().getFloat() > 0) {
                        NDArray first = network.denoise(store, true, input, timesteps, text, mask, previous)
                                .stopGradient();
                        previous = input.sub(first.mul(t)).mul(selfConditioned);
                    }
                }
                NDArray prediction = network.denoise(store, true, input, timesteps, text, mask, previous);
                NDArray difference = prediction.sub(target);
                NDArray error = difference.square().mul(weight);
                // a weighted mean over the generated frames' values; a weight broadcasts over error.size() / weight.size()
                float values = weight.sum().getFloat() * (error.size() / weight.size());
                NDArray loss = error.sum().div(Math.max(1f, values));
                NDArray generated = knownVolume.neg().add(1);
                if (spec.edgeLoss() > 0) {
                    loss = loss.add(edgeError(difference, generated).mul((float) spec.edgeLoss()));
                }
                if (spec.motionLoss() > 0 && batch.frames() > 1) {
                    loss = loss.add(motionError(difference, generated).mul((float) spec.motionLoss()));
                }
                collector.backward(loss);
                return loss.getFloat();
            }
        }
    }

    /** Mean square of the error's differences between horizontal and vertical neighbours, generated frames only. */
    static NDArray edgeError(NDArray difference, NDArray generated) {
        NDArray dx = difference.get(":, :, :, 1:").sub(difference.get(":, :, :, :-1"));
        NDArray dy = difference.get(":, :, 1:").sub(difference.get(":, :, :-1"));
        float frames = Math.max(1f, generated.sum().getFloat());
        long perFrame = dx.size() / dx.getShape().get(0) / dx.getShape().get(1)
                + dy.size() / dy.getShape().get(0) / dy.getShape().get(1);
        return dx.square().mul(generated).sum().add(dy.square().mul(generated).sum()).div(frames * perFrame);
    }

    /** Mean square of the error's differences between neighbouring frames where both are generated. */
    static NDArray motionError(NDArray difference, NDArray generated) {
        NDArray dt = difference.get(":, 1:").sub(difference.get(":, :-1"));
        NDArray both = generated.get(":, 1:").mul(generated.get(":, :-1"));
        float pairs = Math.max(1f, both.sum().getFloat());
        long perPair = dt.size() / dt.getShape().get(0) / dt.getShape().get(1);
        return dt.square().mul(both).sum().div(pairs * perPair);
    }

    private void updateEma(List<NDArray> ema, List<NDArray> parameters, int step) {
        // warm-up of the decay (as in timm's ModelEmaV2 with warm-up): early weights are forgotten quickly
        float decay = (float) Math.min(spec.emaDecay(), (1 + step) / (10.0 + step));
        for (int i = 0; i < ema.size(); i++) {
            NDArray blended = parameters.get(i).mul(1 - decay);
            ema.get(i).muli(decay).addi(blended);
            blended.close();
        }
    }
}
