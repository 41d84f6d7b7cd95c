package io.reelflow.cli;

import io.reelflow.operators.generate.training.ReferenceTraining;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains the reference model; resumable, so an interrupted run continues where its last checkpoint left it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the reference spacetime DiT on the procedural shape world.",
            "Reads MODEL-DIR/model.json (architecture) and training.json (recipe); writes the weights, the loss log",
            "and its plot into MODEL-DIR and marks the manifest trained. Checkpoints go to --work-dir; rerunning",
            "the command resumes from the last one."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model-dir", defaultValue = "models/reelflow-dit-xs",
            description = "Model directory (default: ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--work-dir", description = "Checkpoints and the running log (default: <data-dir>/train/<model>).")
    Path workDir;

    @Option(names = "--report-every", defaultValue = "50", description = "Print every N steps (default: ${DEFAULT-VALUE}).")
    int reportEvery;

    @Override
    public Integer call() throws Exception {
        Path work = workDir != null ? workDir : Path.of(System.getenv().getOrDefault("REELFLOW_LOCAL_DATA_DIR",
                ".reelflow"), "train", modelDir.toAbsolutePath().normalize().getFileName().toString());
        System.out.println("training " + modelDir + " (checkpoints in " + work + ")");
        ReferenceTraining.Outcome outcome = ReferenceTraining.run(modelDir, work, step -> {
            if (step.step() % reportEvery == 0) {
                System.out.printf(Locale.ROOT, "step %d loss %.4f grad-norm %.3f lr %.2e (%d x %d frames %dx%d, %.2f s)%n",
                        step.step(), step.loss(), step.gradientNorm(), step.learningRate(), step.batch(),
                        step.frames(), step.width(), step.height(), step.seconds());
            }
        });
        System.out.printf(Locale.ROOT, "trained %d steps in %.1f min; loss (mean of last 100) %.4f; weights %s sha256 %s%n",
                outcome.steps(), outcome.trainingSeconds() / 60, outcome.finalLoss(), outcome.weights(),
                outcome.weightsSha256());
        return 0;
    }
}
