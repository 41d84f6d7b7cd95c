package io.reelflow.cli;

import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.VisibleMark;
import io.reelflow.schema.codec.JsonCodec;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The demo's sample requests, in both wire formats, with what each should end as. */
final class DemoRequests {

    /** One sample: its bytes on the requests topic and the status and error code it must end with. */
    record Sample(String requestId, String label, byte[] payload, String expectedStatus, String expectedErrorCode) {
        byte[] key() {
            return requestId.isEmpty() ? null : requestId.getBytes(StandardCharsets.UTF_8);
        }
    }

    static final String REFUSED_PROMPT = "a graphic beheading with blood spraying everywhere";

    private DemoRequests() {}

    static List<Sample> all() {
        SingleObjectCodec<GenerationRequest> avro = SingleObjectCodec.of(GenerationRequest.class);
        JsonCodec<GenerationRequest> json = JsonCodec.of(GenerationRequest.class);
        GenerationRequest image = base("demo-image", GenerationMode.TEXT_TO_IMAGE,
                "a yellow circle on a purple background", 1024, 1024).build();
        GenerationRequest landscape = base("demo-video-16x9", GenerationMode.TEXT_TO_VIDEO,
                "a red square moving right on a blue background", 1280, 720)
                .setDurationSeconds(4.0).setFps(24)
                .setVisibleMark(VisibleMark.newBuilder().setText("REELFLOW DEMO").setPosition(MarkPosition.MOVING).build())
                .build();
        GenerationRequest portrait = base("demo-video-9x16", GenerationMode.TEXT_TO_VIDEO,
                "一个白色的三角形在绿色背景上向上移动", 720, 1280)
                .setDurationSeconds(3.0).setFps(24).build();
        GenerationRequest refused = base("demo-refused", GenerationMode.TEXT_TO_IMAGE, REFUSED_PROMPT, 512, 512).build();
        return List.of(
                new Sample(image.getRequestId(), "image 1024x1024 (sent as JSON)",
                        json.encode(image).getBytes(StandardCharsets.UTF_8), "SUCCEEDED", null),
                new Sample(landscape.getRequestId(), "video 16:9 1280x720 4 s, visible mark", avro.encode(landscape),
                        "SUCCEEDED", null),
                new Sample(portrait.getRequestId(), "video 9:16 720x1280 3 s", avro.encode(portrait), "SUCCEEDED", null),
                new Sample(refused.getRequestId(), "prompt the policy refuses", avro.encode(refused),
                        "REJECTED", "MODERATION_BLOCKED"),
                new Sample("", "malformed payload", "this is not a request {".getBytes(StandardCharsets.UTF_8),
                        "REJECTED", "MALFORMED_PAYLOAD"));
    }

    private static GenerationRequest.Builder base(String id, GenerationMode mode, String prompt, int width, int height) {
        return GenerationRequest.newBuilder()
                .setRequestId(id).setTenantId("demo").setSubmittedAt(Instant.now())
                .setMode(mode).setPrompt(prompt).setWidth(width).setHeight(height);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
