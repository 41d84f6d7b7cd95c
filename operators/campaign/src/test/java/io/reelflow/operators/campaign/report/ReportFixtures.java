package io.reelflow.operators.campaign.report;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.campaign.spec.CampaignSpecParser;
import io.reelflow.operators.campaign.spec.ParsedSpec;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.ResultStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A campaign with hostile variable values (formulas, quotes, commas, newlines, markup) and results for its outputs. */
final class ReportFixtures {

    static final String FORMULA = "=HYPERLINK(\"http://evil\",\"x\")";
    static final String MARKUP = "<script>alert('x')</script> & \"pot\", \r\nnew line";
    static final String BUCKET = "s3://outputs";

    private static final String SPEC = """
            campaign: spring
            tenant: demo
            templates:
              hero: "close-up of {product}"
            variables:
              product: ["%s", "%s", "a jug"]
            cross: [product]
            formats:
              square: image 256x256
              clip: video 256x144 1s
            """;

    private ReportFixtures() {}

    static List<PlannedOutput> outputs(Path dir) throws IOException {
        String yamlSafe = SPEC.formatted(yaml(FORMULA), yaml(MARKUP));
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, yamlSafe);
        ParsedSpec parsed = CampaignSpecParser.parse(file, ReelflowConfig.defaults(),
                new ModelCatalog(Path.of("../../models").toAbsolutePath().normalize().toString()));
        return parsed.campaign().orElseThrow(() -> new AssertionError(parsed.problems())).outputs();
    }

    private static String yaml(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Every output succeeds but the last, which fails with {@code reason}; the second to last has no result. */
    static List<GenerationResult> results(List<PlannedOutput> outputs, String reason) {
        List<GenerationResult> results = new ArrayList<>();
        for (int i = 0; i < outputs.size() - 2; i++) {
            results.add(succeeded(outputs.get(i), i));
        }
        PlannedOutput failed = outputs.get(outputs.size() - 1);
        results.add(base(failed).setStatus(ResultStatus.FAILED).setErrorCode("ENCODE_FAILED").setErrorMessage(reason)
                .build());
        return results;
    }

    static String mediaName(PlannedOutput output) {
        return output.format().isVideo() ? "video.mp4" : "image.png";
    }

    static String objectUri(PlannedOutput output, String name) {
        return BUCKET + "/demo/" + output.requestId() + "/" + name;
    }

    private static GenerationResult succeeded(PlannedOutput output, int i) {
        List<OutputAsset> assets = new ArrayList<>();
        assets.add(asset(objectUri(output, mediaName(output)), OutputRole.PRIMARY,
                output.format().isVideo() ? "video/mp4" : "image/png", "%064x".formatted(i + 1)));
        if (output.format().isVideo()) {
            assets.add(asset(objectUri(output, "poster.png"), OutputRole.POSTER, "image/png", "%064x".formatted(99)));
        }
        return base(output)
                .setStatus(ResultStatus.SUCCEEDED)
                .setAssets(assets)
                .setSeed(output.seed())
                .setWatermarkId("%016x".formatted(i + 1))
                .setModeration(ModerationVerdict.newBuilder().setDecision(ModerationDecision.ALLOW)
                        .setPolicyVersion("v1").build())
                .setTimingsMs(Map.of("sample", 1500L + i, "encode", 20L))
                .build();
    }

    private static OutputAsset asset(String uri, OutputRole role, String type, String sha) {
        return OutputAsset.newBuilder().setUri(uri).setRole(role).setContentType(type).setBytes(10).setSha256(sha)
                .setWidth(256).setHeight(256).setFrames(1).setDurationSeconds(0).build();
    }

    private static GenerationResult.Builder base(PlannedOutput output) {
        return GenerationResult.newBuilder().setRequestId(output.requestId()).setTenantId("demo")
                .setCampaignId("spring").setCompletedAt(Instant.parse("2025-01-01T00:00:00Z"));
    }
}
