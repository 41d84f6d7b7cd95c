package io.reelflow.operators.moderation.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.TestRequests;
import io.reelflow.operators.moderation.frames.PerceptualHash;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ResultStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gates 2 and 3 in their Flink operators, against a real blocklist file and tenants' policies. */
class FrameGateHarnessTest {

    /** Known-bad: stripes. Its look-alike in the brand category, which tenant acme's overlay sends to review. */
    private static final Frames BAD = pattern(0);
    private static final Frames BRAND = pattern(1);
    private static final Frames FINE = pattern(2);

    @TempDir
    Path dir;

    private ReelflowConfig config;

    @BeforeEach
    void config() throws IOException {
        Path blocklist = Files.writeString(dir.resolve("blocklist.txt"), String.join("\n",
                "phash " + PerceptualHash.hex(PerceptualHash.phash(BAD, 0)) + " violence_graphic case 1",
                "phash " + PerceptualHash.hex(PerceptualHash.phash(BRAND, 0)) + " ip_brands rival logo", ""));
        Path overlay = Path.of("..", "..", "examples", "moderation-acme.yaml").toAbsolutePath();
        config = ConfigLoader.builder()
                .set("moderation.frames.hash-blocklist", blocklist.toString())
                .set("tenants.known", "[{id: demo, input-buckets: []}, {id: acme, input-buckets: [],"
                        + " moderation-policy: '" + overlay + "'}]")
                .build();
    }

    @Test
    void theOutputGateEndsABlockedClipAndPassesTheRestWithTheirVerdictMerged() throws Exception {
        try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(new OutputModerateFunction(config))) {
            harness.processElement(clip("bad", "demo", BAD), 1L);
            harness.processElement(clip("fine", "demo", FINE), 2L);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(clip -> {
                assertThat(clip.trace().requestId()).isEqualTo("fine");
                assertThat(clip.trace().moderation().getDecision()).isEqualTo(ModerationDecision.ALLOW);
                assertThat(clip.trace().moderation().getChecks()).extracting(c -> c.getGate())
                        .containsExactly("prompt", "output");
                assertThat(clip.trace().timingsMs()).containsKey(Stages.MODERATE_OUTPUT);
            });
            assertThat(side(harness, PipelineOutputs.RESULTS)).singleElement().satisfies(result -> {
                assertThat(result.getRequestId()).isEqualTo("bad");
                assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
                assertThat(result.getErrorCode()).isEqualTo(ErrorCode.MODERATION_BLOCKED.name());
                assertThat(result.getErrorMessage()).startsWith("violence_graphic (output): frame 0");
            });
            assertThat(side(harness, PipelineOutputs.AUDITS)).extracting(ModerationAudit::getRequestId,
                            ModerationAudit::getGate, a -> a.getVerdict().getDecision())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("bad", ModerationGate.OUTPUT, ModerationDecision.BLOCK),
                            org.assertj.core.groups.Tuple.tuple("fine", ModerationGate.OUTPUT, ModerationDecision.ALLOW));
        }
    }

    @Test
    void theOutputGateDecidesUnderTheTenantsOwnPolicy() throws Exception {
        try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(new OutputModerateFunction(config))) {
            harness.processElement(clip("brand-demo", "demo", BRAND), 1L);
            harness.processElement(clip("brand-acme", "acme", BRAND), 2L);

            assertThat(harness.extractOutputValues()).extracting(c -> c.trace().requestId(), c -> c.trace().heldForReview())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("brand-demo", false),
                            org.assertj.core.groups.Tuple.tuple("brand-acme", true));
            assertThat(side(harness, PipelineOutputs.AUDITS).get(1).getVerdict().getPolicyVersion()).endsWith("+acme.3");
        }
    }

    @Test
    void theInputGateRefusesABlocklistedAssetBeforeGenerationAndPassesRequestsWithoutInputsUntouched()
            throws Exception {
        InputModerateFunction gate = new InputModerateFunction(config, new MemoryAssets());
        try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(gate)) {
            Trace plain = TestRequests.trace("no-inputs", "a lake");
            harness.processElement(plain, 1L);
            harness.processElement(withInput("bad-input", "s3://reelflow-inputs/demo/bad.png"), 2L);
            harness.processElement(withInput("fine-input", "s3://reelflow-inputs/demo/fine.png"), 3L);
            harness.processElement(withInput("gone", "s3://reelflow-inputs/demo/gone.png"), 4L);

            assertThat(harness.extractOutputValues()).extracting(Trace::requestId)
                    .containsExactly("no-inputs", "fine-input");
            assertThat(harness.extractOutputValues().get(0)).isEqualTo(plain);
            assertThat(harness.extractOutputValues().get(1).checkedInputs())
                    .as("what generation must read again").containsExactly(
                            org.assertj.core.api.Assertions.entry("s3://reelflow-inputs/demo/fine.png", "sha-of-fine"));
            assertThat(side(harness, PipelineOutputs.RESULTS))
                    .extracting(GenerationResult::getRequestId, GenerationResult::getErrorCode)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("bad-input", "MODERATION_BLOCKED"),
                            org.assertj.core.groups.Tuple.tuple("gone", "MISSING_INPUT_ASSET"));
            assertThat(side(harness, PipelineOutputs.RESULTS).get(0).getModeration().getFindings().get(0).getField())
                    .isEqualTo("input");
            assertThat(side(harness, PipelineOutputs.AUDITS)).extracting(ModerationAudit::getRequestId,
                            ModerationAudit::getSubject)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("bad-input", "s3://reelflow-inputs/demo/bad.png"),
                            org.assertj.core.groups.Tuple.tuple("fine-input", "s3://reelflow-inputs/demo/fine.png"));
        }
    }

    /** Input assets from memory: bad.png is the blocklisted picture, fine.png another, anything else is missing. */
    record MemoryAssets() implements AssetReader.Factory {
        @Override
        public AssetReader create(ReelflowConfig config) {
            return uri -> switch (uri.substring(uri.lastIndexOf('/') + 1)) {
                case "bad.png" -> new AssetReader.Asset(BAD, 0, "sha-of-bad");
                case "fine.png" -> new AssetReader.Asset(FINE, 0, "sha-of-fine");
                default -> throw new AssetReader.Unusable(ErrorCode.MISSING_INPUT_ASSET, "no such object: " + uri);
            };
        }
    }

    private static Trace withInput(String id, String uri) {
        Trace trace = TestRequests.trace(id, "the picture comes to life");
        return new Trace(io.reelflow.schema.GenerationRequest.newBuilder(trace.request())
                .setMode(GenerationMode.IMAGE_TO_VIDEO)
                .setInputAssets(List.of(InputAsset.newBuilder().setUri(uri).setRole(AssetRole.FIRST_FRAME).build()))
                .build(), trace.source(), trace.acceptedAtMillis(), trace.moderation(), null, null, null,
                trace.timingsMs(), trace.checkedInputs());
    }

    private static Clip clip(String id, String tenant, Frames frames) {
        Trace trace = TestRequests.trace(id, "a picture");
        trace = new Trace(io.reelflow.schema.GenerationRequest.newBuilder(trace.request()).setTenantId(tenant).build(),
                trace.source(), trace.acceptedAtMillis(), null, null, null, null, trace.timingsMs(),
                trace.checkedInputs());
        var prompt = io.reelflow.schema.ModerationVerdict.newBuilder().setDecision(ModerationDecision.ALLOW)
                .setPolicyVersion("p").setChecks(List.of(io.reelflow.schema.ModerationCheck.newBuilder()
                        .setGate("prompt").setSummary("prompt").build())).build();
        return new Clip(trace.withModeration(prompt), frames, 0, null);
    }

    /** 96x96 pictures with structure, different per {@code kind}, so their hashes are far apart. */
    private static Frames pattern(int kind) {
        int side = 96;
        byte[] rgb = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = switch (kind) {
                    case 0 -> (x / 12) % 2 == 0 ? 230 : 30;
                    case 1 -> (y / 16) % 2 == 0 ? 220 : 40;
                    default -> (x + y) * 255 / (2 * side);
                };
                int i = (y * side + x) * 3;
                rgb[i] = (byte) v;
                rgb[i + 1] = (byte) (255 - v);
                rgb[i + 2] = (byte) (v / 2);
            }
        }
        return new Frames(side, side, 1, rgb);
    }

    private static <T> List<T> side(OneInputStreamOperatorTestHarness<?, ?> harness, OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
