package io.reelflow.operators.decode;

import static io.reelflow.pipeline.ErrorCode.FORBIDDEN_INPUT_ASSET;
import static io.reelflow.pipeline.ErrorCode.INVALID_FIELD;
import static io.reelflow.pipeline.ErrorCode.MISSING_FIELD;
import static io.reelflow.pipeline.ErrorCode.MISSING_INPUT_ASSET;
import static io.reelflow.pipeline.ErrorCode.OUT_OF_RANGE;
import static io.reelflow.pipeline.ErrorCode.UNKNOWN_MODEL;
import static io.reelflow.pipeline.ErrorCode.UNKNOWN_TENANT;
import static io.reelflow.pipeline.ErrorCode.UNSUPPORTED_MODE;
import static io.reelflow.schema.AssetRole.CONNECT_FROM;
import static io.reelflow.schema.AssetRole.CONNECT_TO;
import static io.reelflow.schema.AssetRole.FIRST_FRAME;
import static io.reelflow.schema.AssetRole.SOURCE_VIDEO;
import static io.reelflow.schema.GenerationMode.CONNECT_VIDEOS;
import static io.reelflow.schema.GenerationMode.EDIT_VIDEO;
import static io.reelflow.schema.GenerationMode.EXTEND_VIDEO;
import static io.reelflow.schema.GenerationMode.IMAGE_TO_VIDEO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reelflow.pipeline.ErrorCode;
import io.reelflow.schema.ExtendDirection;
import io.reelflow.schema.OutputFormat;
import io.reelflow.schema.VisibleMark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every validation rule, as a table of one-field changes to a valid request, each sent both as Avro single-object
 * encoding and as JSON through the whole decoder. {@code null} as the expected code means accepted.
 */
class RequestValidationTest {

    private static final String IN = "s3://reelflow-inputs/demo/clips/";

    @TempDir
    static Path models;

    private static RequestDecoder decoder;

    @BeforeAll
    static void createDecoder() throws Exception {
        decoder = RequestDecoder.builder().config(Requests.config()).catalog(TestCatalog.create(models)).build();
    }

    static Stream<Arguments> cases() {
        List<Object[]> t = new ArrayList<>();
        // identity
        t.add(row("request_id of 128 chars", Requests.image().with(b -> b.setRequestId("a".repeat(128))), null, ""));
        t.add(row("request_id of 129 chars", Requests.image().with(b -> b.setRequestId("a".repeat(129))), INVALID_FIELD, "request_id"));
        t.add(row("request_id with a slash", Requests.image().with(b -> b.setRequestId("a/b")), INVALID_FIELD, "request_id"));
        t.add(row("empty request_id", Requests.image().with(b -> b.setRequestId("")), INVALID_FIELD, "request_id"));
        t.add(row("upper-case tenant_id", Requests.image().with(b -> b.setTenantId("Demo")), INVALID_FIELD, "tenant_id"));
        t.add(row("unknown tenant", Requests.image().with(b -> b.setTenantId("globex")), UNKNOWN_TENANT, "'globex' is not configured"));
        t.add(row("campaign_id with a space", Requests.image().with(b -> b.setCampaignId("spring sale")), INVALID_FIELD, "campaign_id"));
        // text
        t.add(row("prompt of 4000 chars", Requests.image().with(b -> b.setPrompt("x".repeat(4000))), null, ""));
        t.add(row("prompt of 4001 chars", Requests.image().with(b -> b.setPrompt("x".repeat(4001))), OUT_OF_RANGE, "4001 characters"));
        t.add(row("4000 emoji are 4000 chars", Requests.image().with(b -> b.setPrompt("\uD83E\uDD8A".repeat(4000))), null, ""));
        t.add(row("empty prompt", Requests.image().with(b -> b.setPrompt("")), INVALID_FIELD, "prompt must not be empty"));
        t.add(row("newlines and tabs", Requests.image().with(b -> b.setPrompt("fox\n\tsnow")), null, ""));
        t.add(row("NUL in prompt", Requests.image().with(b -> b.setPrompt("fox\u0000")), INVALID_FIELD, "U+0000 at index 3"));
        t.add(row("CRLF line ends", Requests.image().with(b -> b.setPrompt("fox\r\nsnow")), null, ""));
        t.add(row("vertical tab", Requests.image().with(b -> b.setPrompt("fox\u000Bsnow")), INVALID_FIELD, "U+000B"));
        t.add(row("C1 control", Requests.image().with(b -> b.setPrompt("fox\u0085")), INVALID_FIELD, "U+0085"));
        // unpaired surrogates cannot be written by these encoders (they emit '?'): see RequestDecoderTest
        t.add(row("bidi override", Requests.image().with(b -> b.setPrompt("fox \u202Ewons")), INVALID_FIELD, "bidi control U+202E"));
        t.add(row("bidi isolate", Requests.image().with(b -> b.setPrompt("fox \u2066x\u2069")), INVALID_FIELD, "U+2066"));
        t.add(row("escape in negative_prompt", Requests.image().with(b -> b.setNegativePrompt("\u001B[31mred")), INVALID_FIELD, "negative_prompt"));
        t.add(row("empty negative_prompt means none", Requests.image().with(b -> b.setNegativePrompt("")), null, ""));
        // labels
        t.add(row("32 labels", Requests.image().with(b -> b.setLabels(labels(32, "v"))), null, ""));
        t.add(row("33 labels", Requests.image().with(b -> b.setLabels(labels(33, "v"))), OUT_OF_RANGE, "33 entries"));
        t.add(row("label value of 257", Requests.image().with(b -> b.setLabels(labels(1, "v".repeat(257)))), OUT_OF_RANGE, "256"));
        t.add(row("empty label key", Requests.image().with(b -> b.setLabels(Map.of("", "v"))), INVALID_FIELD, "key"));
        t.add(row("bidi in label", Requests.image().with(b -> b.setLabels(Map.of("k", "\u202Dv"))), INVALID_FIELD, "labels.'k'"));
        // image sizes
        t.add(row("image 2048x2048", Requests.image().with(b -> b.setWidth(2048).setHeight(2048)), null, ""));
        t.add(row("image 2050 wide", Requests.image().with(b -> b.setWidth(2050)), OUT_OF_RANGE, "2050x1024"));
        t.add(row("image 64x64", Requests.image().with(b -> b.setWidth(64).setHeight(64)), null, ""));
        t.add(row("image 63 high", Requests.image().with(b -> b.setHeight(63)), OUT_OF_RANGE, "64-2048"));
        t.add(row("image odd sizes", Requests.image().with(b -> b.setWidth(1023).setHeight(777)), null, ""));
        t.add(row("negative width", Requests.image().with(b -> b.setWidth(-1024)), OUT_OF_RANGE, "image size"));
        // video sizes
        t.add(row("video 1920x1080", Requests.video(), null, ""));
        t.add(row("video 1080x1920", Requests.video().with(b -> b.setWidth(1080).setHeight(1920)), null, ""));
        t.add(row("video 1280x720", Requests.video().with(b -> b.setWidth(1280).setHeight(720)), null, ""));
        t.add(row("video 1080x1080", Requests.video().with(b -> b.setWidth(1080).setHeight(1080)), null, ""));
        t.add(row("video 1920x1920", Requests.video().with(b -> b.setWidth(1920).setHeight(1920)), OUT_OF_RANGE, "1080 on the short side"));
        t.add(row("video 1922x1080", Requests.video().with(b -> b.setWidth(1922)), OUT_OF_RANGE, "1920 on the long side"));
        t.add(row("video 1279x720", Requests.video().with(b -> b.setWidth(1279).setHeight(720)), INVALID_FIELD, "even"));
        t.add(row("video 1920x1000 too wide", Requests.video().with(b -> b.setHeight(1000)), OUT_OF_RANGE, "aspect ratio 1.920"));
        t.add(row("video 62 high", Requests.video().with(b -> b.setHeight(62)), OUT_OF_RANGE, "at least 64"));
        // video length
        t.add(row("video 60 s", Requests.video().with(b -> b.setDurationSeconds(60.0)), null, ""));
        t.add(row("video 60.01 s", Requests.video().with(b -> b.setDurationSeconds(60.01)), OUT_OF_RANGE, "60.01"));
        t.add(row("video 0 s", Requests.video().with(b -> b.setDurationSeconds(0.0)), OUT_OF_RANGE, "(0, 60.0]"));
        t.add(row("video under a frame", Requests.video().with(b -> b.setDurationSeconds(0.01)), OUT_OF_RANGE, "shorter than one frame"));
        t.add(row("video NaN s", Requests.video().with(b -> b.setDurationSeconds(Double.NaN)), INVALID_FIELD, "finite"));
        t.add(row("video 1440 frames at 24", Requests.video().with(b -> b.setDurationSeconds(null).setFrames(1440)), null, ""));
        t.add(row("video 1441 frames at 24", Requests.video().with(b -> b.setDurationSeconds(null).setFrames(1441)), OUT_OF_RANGE, "60.04 s"));
        t.add(row("video 1441 frames at default fps", Requests.video().with(b -> b.setDurationSeconds(null).setFrames(1441).setFps(null)), OUT_OF_RANGE, "at 24 fps"));
        t.add(row("video 3600 frames at 60", Requests.video().with(b -> b.setDurationSeconds(null).setFrames(3600).setFps(60)), null, ""));
        t.add(row("video 0 frames", Requests.video().with(b -> b.setDurationSeconds(null).setFrames(0)), OUT_OF_RANGE, "at least 1"));
        t.add(row("video duration and frames", Requests.video().with(b -> b.setFrames(96)), INVALID_FIELD, "got both"));
        t.add(row("video without length", Requests.video().with(b -> b.setDurationSeconds(null)), INVALID_FIELD, "got neither"));
        t.add(row("video 61 fps", Requests.video().with(b -> b.setFps(61)), OUT_OF_RANGE, "fps 61"));
        t.add(row("video 0 fps", Requests.video().with(b -> b.setFps(0)), OUT_OF_RANGE, "fps 0"));
        // image length
        t.add(row("image with a duration", Requests.image().with(b -> b.setDurationSeconds(2.0)), INVALID_FIELD, "duration_seconds is for video"));
        t.add(row("image with 2 frames", Requests.image().with(b -> b.setFrames(2)), INVALID_FIELD, "one frame"));
        t.add(row("image with 1 frame, fps ignored", Requests.image().with(b -> b.setFrames(1).setFps(1000)), null, ""));
        // sampling
        t.add(row("steps 1 and guidance 30", Requests.image().with(b -> b.setSteps(1).setGuidance(30.0)), null, ""));
        t.add(row("steps 200", Requests.image().with(b -> b.setSteps(200)), null, ""));
        t.add(row("steps 201", Requests.image().with(b -> b.setSteps(201)), OUT_OF_RANGE, "steps 201"));
        t.add(row("steps 0", Requests.image().with(b -> b.setSteps(0)), OUT_OF_RANGE, "steps 0"));
        t.add(row("guidance 30.5", Requests.image().with(b -> b.setGuidance(30.5)), OUT_OF_RANGE, "guidance 30.5"));
        t.add(row("guidance -0.1", Requests.image().with(b -> b.setGuidance(-0.1)), OUT_OF_RANGE, "guidance"));
        t.add(row("guidance infinite", Requests.image().with(b -> b.setGuidance(Double.POSITIVE_INFINITY)), INVALID_FIELD, "finite"));
        t.add(row("edit_strength 1.5", Requests.from(EDIT_VIDEO, SOURCE_VIDEO, IN + "a.mp4").with(b -> b.setEditStrength(1.5)), OUT_OF_RANGE, "edit_strength"));
        // input assets: checked before the model, so these hold for the reference model too
        t.add(row("image-to-video without first frame", Requests.from(IMAGE_TO_VIDEO), MISSING_INPUT_ASSET, "missing [FIRST_FRAME]"));
        t.add(row("extend without source", Requests.from(EXTEND_VIDEO).with(b -> b.setExtendDirection(ExtendDirection.FORWARD)), MISSING_INPUT_ASSET, "SOURCE_VIDEO"));
        t.add(row("edit without source", Requests.from(EDIT_VIDEO), MISSING_INPUT_ASSET, "SOURCE_VIDEO"));
        t.add(row("connect without the end", Requests.from(CONNECT_VIDEOS, CONNECT_FROM, IN + "a.mp4"), MISSING_INPUT_ASSET, "missing [CONNECT_TO]"));
        t.add(row("extend without direction", Requests.from(EXTEND_VIDEO, SOURCE_VIDEO, IN + "a.mp4"), MISSING_FIELD, "extend_direction"));
        t.add(row("http asset", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, "https://example.com/a.png"), FORBIDDEN_INPUT_ASSET, "not an s3://"));
        t.add(row("foreign bucket", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, "s3://payroll/a.png"), FORBIDDEN_INPUT_ASSET, "'payroll'"));
        t.add(row("another tenant's upload", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, "s3://reelflow-inputs/acme/a.png"), FORBIDDEN_INPUT_ASSET, "outside the tenant's prefix 'demo/'"));
        t.add(row("the quarantine bucket", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, "s3://reelflow-quarantine/demo/x/video.mp4"), FORBIDDEN_INPUT_ASSET, "'reelflow-quarantine'"));
        t.add(row("no tenant prefix", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, "s3://reelflow-inputs/a.png"), FORBIDDEN_INPUT_ASSET, "outside the tenant's prefix"));
        t.add(row("dot-dot key", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, IN + "../../etc/passwd"), FORBIDDEN_INPUT_ASSET, "'..'"));
        t.add(row("bucket without key", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, "s3://reelflow-inputs/"), FORBIDDEN_INPUT_ASSET, "not an s3://"));
        t.add(row("other tenant's bucket", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, "s3://demo-inputs/a.png").with(b -> b.setTenantId("acme")), FORBIDDEN_INPUT_ASSET, "'demo-inputs'"));
        t.add(row("5 input assets", Requests.from(CONNECT_VIDEOS, CONNECT_FROM, IN + "1", CONNECT_TO, IN + "2", CONNECT_TO, IN + "3", CONNECT_TO, IN + "4", CONNECT_TO, IN + "5"), OUT_OF_RANGE, "5 entries"));
        t.add(row("stray asset on text-to-image", Requests.image().with(b -> b.setInputAssets(Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, IN + "a.png").build().getInputAssets())), INVALID_FIELD, "takes no input assets"));
        t.add(row("two first frames", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, IN + "a.png", FIRST_FRAME, IN + "b.png"), INVALID_FIELD, "a second FIRST_FRAME"));
        // model
        t.add(row("image-to-video on the reference model", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, IN + "a.png"), null, ""));
        t.add(row("image-to-video on a text-only model", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, IN + "a.png").with(b -> b.setModel(TestCatalog.TEXT_ONLY)), UNSUPPORTED_MODE, "does not support IMAGE_TO_VIDEO; it supports [TEXT_TO_IMAGE, TEXT_TO_VIDEO]"));
        t.add(row("image-to-video on a model serving it", Requests.from(IMAGE_TO_VIDEO, FIRST_FRAME, "s3://demo-inputs/a.png").with(b -> b.setModel(TestCatalog.OMNI)), null, ""));
        t.add(row("connect on a model serving it", Requests.from(CONNECT_VIDEOS, CONNECT_TO, IN + "b.mp4", CONNECT_FROM, IN + "a.mp4").with(b -> b.setModel(TestCatalog.OMNI)), null, ""));
        t.add(row("extend on a model serving it", Requests.from(EXTEND_VIDEO, SOURCE_VIDEO, IN + "a.mp4").with(b -> b.setModel(TestCatalog.OMNI).setExtendDirection(ExtendDirection.BACKWARD)), null, ""));
        t.add(row("unknown model", Requests.image().with(b -> b.setModel("dall-e")), UNKNOWN_MODEL, "'dall-e' is not in the model catalog"));
        t.add(row("path as model", Requests.image().with(b -> b.setModel("../reelflow-dit-xs")), UNKNOWN_MODEL, "not in the model catalog"));
        t.add(row("sampler offered", Requests.image().with(b -> b.setSampler("flow-euler")), null, ""));
        t.add(row("sampler not offered", Requests.image().with(b -> b.setSampler("flow-heun")), INVALID_FIELD, "it offers [flow-euler, flow-euler-stochastic]"));
        t.add(row("sampler of another model", Requests.image().with(b -> b.setSampler("flow-heun").setModel(TestCatalog.OMNI)), null, ""));
        t.add(row("image as PNG", Requests.image().with(b -> b.setOutputFormat(OutputFormat.PNG)), null, ""));
        t.add(row("image as MP4", Requests.image().with(b -> b.setOutputFormat(OutputFormat.MP4)), UNSUPPORTED_MODE, "produces PNG"));
        t.add(row("video as PNG", Requests.video().with(b -> b.setOutputFormat(OutputFormat.PNG)), UNSUPPORTED_MODE, "produces MP4"));
        // visible mark
        t.add(row("visible mark", Requests.video().with(b -> b.setVisibleMark(mark("ACME", 1.0, 0.5))), null, ""));
        t.add(row("empty mark text", Requests.video().with(b -> b.setVisibleMark(mark("", 0.6, 0.2))), INVALID_FIELD, "visible_mark needs text or a logo_uri"));
        t.add(row("logo mark", Requests.video().with(b -> b.setVisibleMark(logo(IN + "brand/logo.png"))), null, ""));
        t.add(row("logo mark with text too", Requests.video().with(b -> b.setVisibleMark(VisibleMark.newBuilder(logo(IN + "logo.png")).setText("ACME").build())), INVALID_FIELD, "leave text empty"));
        t.add(row("logo of another tenant", Requests.video().with(b -> b.setVisibleMark(logo("s3://reelflow-inputs/other/logo.png"))), FORBIDDEN_INPUT_ASSET, "visible_mark.logo_uri 's3://reelflow-inputs/other/logo.png' is outside the tenant's prefix"));
        t.add(row("logo in the output bucket", Requests.video().with(b -> b.setVisibleMark(logo("s3://reelflow-outputs/demo/logo.png"))), FORBIDDEN_INPUT_ASSET, "which the tenant may not read"));
        t.add(row("logo as a URL", Requests.video().with(b -> b.setVisibleMark(logo("https://example.com/logo.png"))), FORBIDDEN_INPUT_ASSET, "not an s3://bucket/key URI"));
        t.add(row("logo with ..", Requests.video().with(b -> b.setVisibleMark(logo(IN + "../../x.png"))), FORBIDDEN_INPUT_ASSET, "'..'"));
        // blocked terms
        t.add(row("blocked terms", Requests.image().with(b -> b.setBlockedTerms(List.of("fizzco", "knock-off", "可口可乐"))), null, ""));
        t.add(row("64 blocked terms", Requests.image().with(b -> b.setBlockedTerms(java.util.Collections.nCopies(64, "w"))), null, ""));
        t.add(row("65 blocked terms", Requests.image().with(b -> b.setBlockedTerms(java.util.Collections.nCopies(65, "w"))), OUT_OF_RANGE, "at most 64"));
        t.add(row("blocked term of 65", Requests.image().with(b -> b.setBlockedTerms(List.of("t".repeat(65)))), OUT_OF_RANGE, "blocked_terms[0] has 65 characters"));
        t.add(row("blank blocked term", Requests.image().with(b -> b.setBlockedTerms(List.of("ok", " "))), INVALID_FIELD, "blocked_terms[1] is empty"));
        t.add(row("blocked term of punctuation", Requests.image().with(b -> b.setBlockedTerms(List.of(".*"))), INVALID_FIELD, "no letter or digit"));
        t.add(row("blocked term with ESC", Requests.image().with(b -> b.setBlockedTerms(List.of("a\u001b[2J"))), INVALID_FIELD, "U+001B"));
        t.add(row("mark text of 65", Requests.video().with(b -> b.setVisibleMark(mark("M".repeat(65), 0.6, 0.2))), OUT_OF_RANGE, "64"));
        t.add(row("mark text with NUL", Requests.video().with(b -> b.setVisibleMark(mark("A\u0000", 0.6, 0.2))), INVALID_FIELD, "U+0000"));
        t.add(row("mark opacity 1.5", Requests.video().with(b -> b.setVisibleMark(mark("ACME", 1.5, 0.2))), OUT_OF_RANGE, "visible_mark.opacity"));
        t.add(row("mark opacity NaN", Requests.video().with(b -> b.setVisibleMark(mark("ACME", Double.NaN, 0.2))), INVALID_FIELD, "visible_mark.opacity"));
        t.add(row("mark scale 0.04", Requests.video().with(b -> b.setVisibleMark(mark("ACME", 0.6, 0.04))), OUT_OF_RANGE, "visible_mark.scale"));

        return t.stream().flatMap(c -> Stream.of(
                Arguments.of(c[0] + " [avro]", c[1], true, c[2], c[3]),
                Arguments.of(c[0] + " [json]", c[1], false, c[2], c[3])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validates(String name, Requests request, boolean avro, ErrorCode expected, String messagePart) {
        byte[] payload;
        if (avro) {
            payload = request.avro();
        } else {
            assumeTrue(jsonCanCarry(request), "JSON has no NaN or infinity");
            payload = request.json();
        }

        DecodeOutcome outcome = decoder.decode(Requests.raw(payload));

        if (expected == null) {
            assertThat(outcome).isInstanceOfSatisfying(DecodeOutcome.Accepted.class,
                    a -> assertThat(a.request().trace().request()).isEqualTo(request.build()));
        } else {
            assertThat(outcome).isInstanceOfSatisfying(DecodeOutcome.Rejected.class, r -> {
                assertThat(r.rejection().code()).isEqualTo(expected);
                assertThat(r.rejection().message()).contains(messagePart);
            });
        }
    }

    private static Object[] row(String name, Requests request, ErrorCode expected, String messagePart) {
        return new Object[] {name, request, expected, messagePart};
    }

    private static boolean jsonCanCarry(Requests request) {
        try {
            request.json();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> labels(int count, String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            labels.put("label-" + i, value);
        }
        return labels;
    }

    private static VisibleMark logo(String uri) {
        return VisibleMark.newBuilder().setText("").setLogoUri(uri).build();
    }

    private static VisibleMark mark(String text, double opacity, double scale) {
        return VisibleMark.newBuilder().setText(text).setOpacity(opacity).setScale(scale).build();
    }
}
