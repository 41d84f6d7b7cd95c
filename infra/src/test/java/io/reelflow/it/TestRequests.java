package io.reelflow.it;

import io.reelflow.schema.AssetRole;
import io.reelflow.schema.ExtendDirection;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.VisibleMark;
import io.reelflow.schema.codec.JsonCodec;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The end-to-end test's requests: valid ones in both wire formats, and every kind of bad input. */
final class TestRequests {

    /** One message for the requests topic and what must come of it. */
    record Sent(String requestId, byte[] payload, String expectedStatus, String expectedErrorCode, boolean deadLetter,
            GenerationRequest request) {

        boolean succeeds() {
            return expectedStatus.equals("SUCCEEDED");
        }
    }

    private static final SingleObjectCodec<GenerationRequest> AVRO = SingleObjectCodec.of(GenerationRequest.class);
    private static final JsonCodec<GenerationRequest> JSON = JsonCodec.of(GenerationRequest.class);

    /** The first frame of the image-to-video request; the test uploads it before sending. */
    static final String FIRST_FRAME_URI = "s3://reelflow-inputs/demo/first.png";

    private TestRequests() {}

    static GenerationRequest.Builder image(String id, int width, int height) {
        return GenerationRequest.newBuilder().setRequestId(id).setTenantId("demo").setSubmittedAt(Instant.now())
                .setMode(GenerationMode.TEXT_TO_IMAGE).setPrompt("a lighthouse on a cliff, " + id)
                .setWidth(width).setHeight(height).setSteps(4);
    }

    static GenerationRequest.Builder video(String id, int width, int height) {
        return image(id, width, height).setMode(GenerationMode.TEXT_TO_VIDEO).setPrompt("a kite over a beach, " + id);
    }

    static Sent ok(GenerationRequest request, boolean json) {
        return new Sent(request.getRequestId(), json ? utf8(JSON.encode(request)) : AVRO.encode(request),
                "SUCCEEDED", null, false, request);
    }

    static Sent bad(String id, byte[] payload, String code, boolean deadLetter) {
        return new Sent(id, payload, "REJECTED", code, deadLetter, null);
    }

    /** 21 messages: 13 that succeed (one from an uploaded first frame), 2 refused (moderation, a missing input) and 6 bad ones (the last a duplicate). */
    static List<Sent> all() {
        GenerationRequest first = image("img-square", 256, 256).build();
        return List.of(
                ok(first, true),
                ok(image("img-wide", 320, 180).build(), false),
                ok(image("img-tall", 180, 320).build(), false),
                ok(image("img-odd-size", 257, 129).build(), true),
                ok(image("img-seeded", 128, 128).setSeed(42L).setNegativePrompt("blurry").build(), false),
                ok(image("img-labels", 200, 200).setCampaignId("it-campaign").setLabels(Map.of("brand", "acme")).build(), true),
                ok(video("vid-16x9", 320, 180).setDurationSeconds(1.0).setFps(8).build(), false),
                ok(video("vid-9x16", 180, 320).setFrames(10).setFps(10).build(), true),
                ok(video("vid-square", 256, 256).setDurationSeconds(0.5).setFps(12).build(), false),
                ok(video("vid-marked", 320, 180).setDurationSeconds(1.0).setFps(8)
                        .setVisibleMark(VisibleMark.newBuilder().setText("ACME").setPosition(MarkPosition.MOVING).build())
                        .build(), false),
                ok(video("vid-24fps", 192, 108).setDurationSeconds(1.0).setFps(24).build(), true),
                ok(video("vid-default-fps", 160, 90).setFrames(6).build(), false),
                new Sent("refused", AVRO.encode(image("refused", 256, 256)
                        .setPrompt("a graphic beheading with blood spraying everywhere").build()),
                        "REJECTED", "MODERATION_BLOCKED", false, null),
                bad("", utf8("\u0000\u0001 definitely not a request"), "MALFORMED_PAYLOAD", true),
                bad("unknown-field", utf8(JSON.encode(image("unknown-field", 256, 256).build())
                        .replaceFirst("\\{", "{\"colour\":\"red\",")), "UNKNOWN_FIELD", true),
                bad("too-big", AVRO.encode(image("too-big", 4096, 4096).build()), "OUT_OF_RANGE", true),
                ok(video("i2v", 320, 180).setMode(GenerationMode.IMAGE_TO_VIDEO).setDurationSeconds(1.0).setFps(8)
                        .setInputAssets(List.of(new InputAsset(FIRST_FRAME_URI, AssetRole.FIRST_FRAME))).build(), false),
                new Sent("i2v-missing", AVRO.encode(video("i2v-missing", 320, 180).setMode(GenerationMode.IMAGE_TO_VIDEO)
                        .setDurationSeconds(1.0).setInputAssets(List.of(new InputAsset(
                                "s3://reelflow-inputs/demo/no-such.png", AssetRole.FIRST_FRAME))).build()),
                        "REJECTED", "MISSING_INPUT_ASSET", false, null),
                bad("extend-without-source", AVRO.encode(video("extend-without-source", 320, 180)
                        .setMode(GenerationMode.EXTEND_VIDEO).setExtendDirection(ExtendDirection.FORWARD).setDurationSeconds(1.0)
                        .build()), "MISSING_INPUT_ASSET", true),
                bad("stranger", AVRO.encode(image("stranger", 256, 256).setTenantId("nobody").build()), "UNKNOWN_TENANT", true),
                bad(first.getRequestId(), AVRO.encode(first), "DUPLICATE_REQUEST", true));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
