package io.reelflow.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.Priority;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.CodecException.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MINIMAL = """
            {"request_id": "r-1", "tenant_id": "demo", "submitted_at": "2026-11-24T13:00:00Z",
             "mode": "TEXT_TO_IMAGE", "prompt": "a red fox", "width": 512, "height": 512""";

    private final JsonCodec<GenerationRequest> requests = JsonCodec.of(GenerationRequest.class);

    @Test
    void readsNaturalJsonAndFillsDefaults() throws Exception {
        GenerationRequest r = requests.decode(MINIMAL + ", \"seed\": 7, \"negative_prompt\": null}");

        assertThat(r.getRequestId()).isEqualTo("r-1");
        assertThat(r.getSubmittedAt()).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
        assertThat(r.getMode()).isEqualTo(GenerationMode.TEXT_TO_IMAGE);
        assertThat(r.getSeed()).isEqualTo(7L);
        assertThat(r.getNegativePrompt()).isNull();
        assertThat(r.getPriority()).isEqualTo(Priority.NORMAL);
        assertThat(r.getInputAssets()).isEmpty();
        assertThat(r.getLabels()).isEmpty();
    }

    @Test
    void readsNestedRecordsArraysMapsAndEpochMillis() throws Exception {
        GenerationRequest r = requests.decode(MINIMAL.replace("\"2026-11-24T13:00:00Z\"", "1764000000000") + """
                , "input_assets": [{"uri": "s3://in/a.png", "role": "FIRST_FRAME"}],
                  "visible_mark": {"text": "ACME", "opacity": 0.9}, "labels": {"team": "ads"}, "deadline": null}""");

        assertThat(r.getSubmittedAt()).isEqualTo(Instant.ofEpochMilli(1764000000000L));
        assertThat(r.getInputAssets()).singleElement().satisfies(a -> assertThat(a.getRole()).isEqualTo(AssetRole.FIRST_FRAME));
        assertThat(r.getVisibleMark().getPosition()).isEqualTo(MarkPosition.BOTTOM_RIGHT);
        assertThat(r.getVisibleMark().getOpacity()).isEqualTo(0.9);
        assertThat(r.getVisibleMark().getScale()).isEqualTo(0.2);
        assertThat(r.getLabels()).containsExactly(Map.entry("team", "ads"));
    }

    @Test
    void defaultsAreNotSharedBetweenRecords() throws Exception {
        GenerationRequest first = requests.decode(MINIMAL + "}");
        first.getLabels().put("mutated", "yes");

        assertThat(requests.decode(MINIMAL + "}").getLabels()).isEmpty();
    }

    @Test
    void encodesReadablyAndRoundTrips() throws Exception {
        GenerationRequest request = SampleRecords.videoRequest();
        JsonNode tree = MAPPER.readTree(requests.encode(request));

        assertThat(tree.get("submitted_at").asText()).isEqualTo("2026-11-24T13:00:00.250Z");
        assertThat(tree.get("mode").asText()).isEqualTo("TEXT_TO_VIDEO");
        assertThat(tree.get("campaign_id").isNull()).isTrue();
        assertThat(tree.get("visible_mark").get("position").asText()).isEqualTo("MOVING");
        assertThat(requests.decode(requests.encode(request))).isEqualTo(request);
    }

    @Test
    void roundTripsResultsAndDeadLettersWithBytes() throws Exception {
        GenerationResult result = GenerationResult.newBuilder()
                .setRequestId("r").setTenantId("demo").setStatus(ResultStatus.REJECTED).setCompletedAt(Instant.EPOCH)
                .setModeration(new ModerationVerdict(ModerationDecision.BLOCK, "p1",
                        List.of(new ModerationFinding("violence_graphic", 0.93, ModerationDecision.BLOCK, "prompt", "gore")),
                        List.of(new io.reelflow.schema.ModerationCheck("prompt", "prompt by the policy's rules"))))
                .setErrorCode("MODERATION_BLOCKED").build();
        DeadLetter letter = DeadLetter.newBuilder().setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0, (byte) 0xFF}))
                .setSourceTopic("t").setSourcePartition(0).setSourceOffset(1).setErrorCode("X").setErrorMessage("m")
                .setFailedAt(Instant.EPOCH).build();
        JsonCodec<GenerationResult> results = JsonCodec.of(GenerationResult.class);
        JsonCodec<DeadLetter> letters = JsonCodec.of(DeadLetter.class);

        assertThat(results.decode(results.encode(result))).isEqualTo(result);
        assertThat(MAPPER.readTree(letters.encode(letter)).get("payload").asText()).isEqualTo("wwD/");
        assertThat(letters.decode(letters.encode(letter))).isEqualTo(letter);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level field    | , "colour": "red"}                                       | UNKNOWN_FIELD | colour
            unknown nested field       | , "visible_mark": {"text": "A", "colour": 1}}            | UNKNOWN_FIELD | visible_mark.colour
            unknown field in array     | , "input_assets": [{"uri": "s3://b/k", "role": "FIRST_FRAME", "url": 1}]} | UNKNOWN_FIELD | input_assets[0].url
            missing nested field       | , "input_assets": [{"uri": "s3://b/k"}]}                 | MISSING_FIELD | input_assets[0].role
            string for int             | , "steps": "20"}                                         | INVALID_FIELD | steps
            fraction for int           | , "steps": 20.5}                                         | INVALID_FIELD | steps
            int overflow               | , "steps": 3000000000}                                   | INVALID_FIELD | steps
            infinite double            | , "guidance": 1e400}                                     | INVALID_FIELD | guidance
            unknown enum symbol        | , "priority": "URGENT"}                                  | INVALID_FIELD | priority
            null for required field    | , "negative_prompt": null, "labels": null}               | INVALID_FIELD | labels
            number in string map       | , "labels": {"a": 1}}                                    | INVALID_FIELD | labels.a
            bad timestamp              | , "deadline": "tomorrow"}                                | INVALID_FIELD | deadline
            NaN literal                | , "guidance": NaN}                                       | MALFORMED     | ''
            duplicate key              | , "steps": 1, "steps": 2}                                | MALFORMED     | ''
            trailing garbage           | } {}                                                     | MALFORMED     | ''
            unterminated               | , "steps": 1                                             | MALFORMED     | ''
            huge number literal        | , "seed": 1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000} | MALFORMED | ''
            """)
    void rejectsWithKindAndPath(String name, String tail, Kind kind, String path) {
        CodecException e = catchThrowableOfType(CodecException.class, () -> requests.decode(MINIMAL + tail));

        assertThat(e).as(name).isNotNull();
        assertThat(e.kind()).as(name).isEqualTo(kind);
        assertThat(e.path()).as(name).isEqualTo(path);
    }

    @Test
    void missingRequiredFieldIsNamed() {
        CodecException e = catchThrowableOfType(CodecException.class,
                () -> requests.decode(MINIMAL.replace("\"prompt\": \"a red fox\",", "") + "}"));

        assertThat(e.kind()).isEqualTo(Kind.MISSING_FIELD);
        assertThat(e.getMessage()).isEqualTo("prompt: required field is missing");
    }

    @Test
    void partialRecordKeepsTheIdsForCorrelation() {
        CodecException e = catchThrowableOfType(CodecException.class,
                () -> requests.decode("{\"width\": \"wide\", \"request_id\": \"r-9\", \"tenant_id\": \"acme\", \"prompt\": 5}"));

        assertThat(e.path()).isEqualTo("width"); // first error in document order
        GenerationRequest partial = e.partial(GenerationRequest.class);
        assertThat(partial.getRequestId()).isEqualTo("r-9");
        assertThat(partial.getTenantId()).isEqualTo("acme");
        assertThat(partial.getPrompt()).isNull();
    }

    @Test
    void hostileDocumentsAreMalformedNotCrashes() {
        String deep = "{\"labels\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        byte[] invalidUtf8 = (MINIMAL + ", \"labels\": {\"a\": \"\u00e9\"}}").getBytes(StandardCharsets.UTF_8);
        invalidUtf8[invalidUtf8.length - 4] = (byte) 0xFF;
        String longName = "{\"" + "x".repeat(5000) + "\": 1}";

        for (Object input : List.of(deep, invalidUtf8, longName, "[1, 2]", "", "null", "\"text\"")) {
            CodecException e = catchThrowableOfType(CodecException.class, () -> {
                if (input instanceof byte[] bytes) {
                    requests.decode(bytes);
                } else {
                    requests.decode((String) input);
                }
            });
            assertThat(e).as(String.valueOf(input).substring(0, Math.min(30, String.valueOf(input).length()))).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        }
    }

    @Test
    void hostileFieldNamesAreShortenedInMessages() {
        CodecException e = catchThrowableOfType(CodecException.class,
                () -> requests.decode(MINIMAL + ", \"" + "\\u0007".repeat(200) + "\": 1}"));

        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_FIELD);
        assertThat(e.path()).startsWith("????").endsWith("...").hasSize(67);
    }
}
