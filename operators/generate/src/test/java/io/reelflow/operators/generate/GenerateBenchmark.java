package io.reelflow.operators.generate;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.internal.SpacetimeDitModel;
import io.reelflow.pipeline.Clip;
import io.reelflow.schema.GenerationRequest;
import java.util.List;

/**
 * Times sampling at the model's default steps (not a test; run by hand, results go to docs/BENCHMARKS.md):
 * {@code java -cp <test classpath> io.reelflow.operators.generate.GenerateBenchmark [image|video4|video60 ...]}.
 */
public final class GenerateBenchmark {

    public static void main(String[] args) throws Exception {
        GenerationModel model = TestRequests.referenceModel();
        System.out.printf("parameters=%d%n", ((SpacetimeDitModel) model).parameterCount());
        try (GenerationEngine engine = GenerationEngine.builder().config(ReelflowConfig.defaults()).build()) {
            for (String name : args.length == 0 ? List.of("image", "video4", "video60") : List.of(args)) {
                GenerationRequest request = switch (name) {
                    case "image" -> TestRequests.image("bench-image", 1024, 1024).setSteps(null).build();
                    case "video4" -> TestRequests.video("bench-4s", 1920, 1080, 4).setSteps(null).build();
                    case "video20" -> TestRequests.video("bench-20s", 1920, 1080, 20).setSteps(null).build();
                    case "video60" -> TestRequests.video("bench-60s", 1920, 1080, 60).setSteps(null).build();
                    default -> throw new IllegalArgumentException(name);
                };
                long start = System.nanoTime();
                GenerateOutcome outcome = engine.submit(TestRequests.trace(request)).get();
                long wall = (System.nanoTime() - start) / 1_000_000;
                if (outcome instanceof GenerateOutcome.Generated generated) {
                    Clip clip = generated.clip();
                    System.out.printf("%s native=%dx%dx%d steps=%d sample_ms=%d wall_ms=%d%n", name,
                            clip.frames().width(), clip.frames().height(), clip.frames().count(),
                            model.manifest().defaults().steps(), clip.trace().timingsMs().get("sample"), wall);
                } else {
                    System.out.println(name + " " + outcome);
                }
            }
        }
    }
}
