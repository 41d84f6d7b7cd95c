package io.reelflow.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.ModelRegistry;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.eval.ClipGif;
import io.reelflow.operators.generate.eval.ContactSheet;
import io.reelflow.operators.generate.eval.EvalCase;
import io.reelflow.operators.generate.eval.EvalPrompts;
import io.reelflow.operators.generate.eval.EvalReport;
import io.reelflow.operators.generate.eval.TextSeparation;
import io.reelflow.operators.generate.eval.ShapeWorldEval;
import io.reelflow.operators.generate.internal.SpacetimeDitArchitecture;
import io.reelflow.operators.generate.training.ReferenceTraining;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Samples an evaluation set and reads the samples back with the pixel analyser. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a shape-world model: sample prompts with expected attributes and read background,",
            "object colour, shape and motion back from the pixels. Writes report.json and contact-sheet.png."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model-dir", defaultValue = "models/reelflow-dit-xs",
            description = "Model directory (default: ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--checkpoint", description = "Evaluate the EMA weights of a training run in progress (its work dir).")
    Path checkpoint;

    @Option(names = "--prompts", description = "JSONL of cases (default: the held-out set, English and Chinese).")
    Path prompts;

    @Option(names = "--tuning", description = "Use the tuning set (scenes seen in training) instead of the held-out"
            + " set: for choosing steps, guidance and shift without looking at the held-out scenes.")
    boolean tuning;

    @Option(names = "--write-prompts", description = "Write the chosen set as JSONL here and exit.")
    Path writePrompts;

    @Option(names = "--limit", description = "Evaluate only the first N cases.")
    Integer limit;

    @Option(names = "--steps", description = "Sampling steps (default: the manifest's).")
    Integer steps;

    @Option(names = "--sampler", description = "Sampler, one the manifest offers (default: the manifest's).")
    String sampler;

    @Option(names = "--guidance", description = "Guidance scale (default: the manifest's).")
    Double guidance;

    @Option(names = "--shift", description = "Flow shift (default: the manifest's).")
    Double shift;

    @Option(names = "--out", defaultValue = "target/eval", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--gifs", defaultValue = "0",
            description = "Also write animated GIFs of the first N cases of each mode to OUT/gifs (default: none).")
    int gifs;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<EvalCase> cases = prompts != null ? EvalCase.readJsonl(prompts)
                : tuning ? EvalPrompts.tuning() : EvalPrompts.heldOut();
        if (writePrompts != null) {
            StringBuilder lines = new StringBuilder();
            ObjectMapper compact = new ObjectMapper();
            for (EvalCase c : cases) {
                lines.append(c.toJson(compact)).append('\n');
            }
            Files.writeString(writePrompts, lines, StandardCharsets.UTF_8);
            System.out.println("wrote " + cases.size() + " cases to " + writePrompts);
            return 0;
        }
        if (limit != null) {
            cases = cases.subList(0, Math.min(limit, cases.size()));
        }
        Files.createDirectories(out);
        Path repository = modelDir.toAbsolutePath().getParent();
        String id = modelDir.getFileName().toString();
        if (checkpoint != null) {
            repository = out.resolve("snapshot");
            int step = ReferenceTraining.snapshot(modelDir, checkpoint, repository);
            System.out.println("evaluating the EMA weights at training step " + step);
        }
        GenerationModel model = ModelRegistry.shared().find(new ModelCatalog(repository.toString()), id, Device.cpu())
                .orElseThrow(() -> new IllegalArgumentException("no model " + id));
        String samplerName = this.sampler != null ? this.sampler : model.manifest().defaultSampler();
        Sampler sampler = model.sampler(samplerName).orElseThrow(
                () -> new IllegalArgumentException(id + " does not offer sampler " + samplerName));
        var defaults = model.manifest().defaults();
        int sampleSteps = steps != null ? steps : defaults.steps();
        double sampleGuidance = guidance != null ? guidance : defaults.guidance();
        double sampleShift = shift != null ? shift : defaults.shift();
        ShapeWorldEval eval = new ShapeWorldEval(model, sampler, sampleSteps, sampleGuidance, sampleShift);
        List<ShapeWorldEval.Result> results;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE)) {
            int total = cases.size();
            int[] done = {0};
            results = eval.run(cases, manager, r -> {
                if (++done[0] % 25 == 0 || done[0] == total) {
                    System.out.printf(Locale.ROOT, "%d/%d%n", done[0], total);
                }
            });
        }
        ObjectNode report = EvalReport.summarise(results, json);
        report.put("model", id).put("version", model.manifest().version());
        ObjectNode separation = report.putObject("text-separation");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE)) {
            TextSeparation.measure(model.textEncoder(), manager)
                    .forEach((attribute, distance) -> separation.put(attribute, Math.round(distance * 1e4) / 1e4));
        }
        System.out.println("text separation (pooled prompt distance per attribute): " + separation);
        report.putObject("sampling").put("sampler", samplerName).put("steps", sampleSteps)
                .put("guidance", sampleGuidance).put("shift", sampleShift);
        Files.writeString(out.resolve("report.json"), json.writeValueAsString(report), StandardCharsets.UTF_8);
        ContactSheet.write(results, out.resolve("contact-sheet.png"));
        // a sheet small enough for a README: the first few cases of every mode and language
        java.util.Map<String, Integer> shown = new java.util.HashMap<>();
        ContactSheet.write(results.stream()
                .filter(r -> shown.merge(r.evalCase().mode() + r.evalCase().language(), 1, Integer::sum) <= 3)
                .toList(), out.resolve("contact-sheet-sample.png"));
        if (gifs > 0) {
            Files.createDirectories(out.resolve("gifs"));
            java.util.Map<String, Integer> written = new java.util.HashMap<>();
            for (ShapeWorldEval.Result r : results) {
                if (!r.evalCase().image() && written.merge(r.evalCase().mode(), 1, Integer::sum) <= gifs) {
                    ClipGif.write(r.frames(), model.manifest().nativeFps(), 4,
                            out.resolve("gifs").resolve(r.evalCase().id() + ".gif"));
                }
            }
        }
        System.out.println(json.writeValueAsString(report.get("groups")));
        System.out.println("report: " + out.resolve("report.json") + ", contact sheet: " + out.resolve("contact-sheet.png"));
        return 0;
    }
}
