package io.reelflow.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ConfigLoader;
import io.reelflow.model.ModelCatalog;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-24T14:00:00Z");
    private final RequestDecoder decoder = RequestDecoder.builder()
            .config(Requests.config())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();

    @Test
    void acceptsTheSameRequestAsAvroOrJson() {
        Requests request = Requests.video();
        RawRequest avro = Requests.raw(request.avro());

        DecodedRequest fromAvro = accepted(decoder.decode(avro));
        DecodedRequest fromJson = accepted(decoder.decode(Requests.raw(request.json())));

        assertThat(fromAvro.trace().request()).isEqualTo(request.build()).isEqualTo(fromJson.trace().request());
        assertThat(fromAvro.raw()).isSameAs(avro);
        Trace trace = fromAvro.trace();
        assertThat(trace.source()).isEqualTo(Requests.SOURCE);
        assertThat(trace.acceptedAtMillis()).isEqualTo(NOW.toEpochMilli());
        assertThat(trace.timingsMs()).containsOnlyKeys(Stages.DECODE);
        assertThat(trace.timingsMs().get(Stages.DECODE)).isNotNegative();
        assertThat(fromAvro.dedupKey()).isEqualTo("demo/req-0001");
    }

    @Test
    void payloadSizeIsCheckedOnTheRawBytes() {
        RequestDecoder small = RequestDecoder.builder()
                .config(ConfigLoader.builder().set("limits.max-payload-bytes", "600")
                        .set("tenants.known", "[{id: demo, input-buckets: [], visible-mark: null}]").build())
                .build();
        String json = new String(Requests.image().json(), StandardCharsets.UTF_8);
        String exactly600 = json + " ".repeat(600 - json.length());

        assertThat(small.decode(Requests.raw(exactly600))).isInstanceOf(DecodeOutcome.Accepted.class);
        assertRejected(small.decode(Requests.raw(exactly600 + " ")), ErrorCode.PAYLOAD_TOO_LARGE, "601 bytes, at most 600");
    }

    @Test
    void neitherAvroNorAJsonObjectIsMalformed() {
        byte[] bom = ("\uFEFF" + new String(Requests.image().json(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        List<byte[]> payloads = List.of(new byte[0], "  \n ".getBytes(StandardCharsets.UTF_8), "[{}]".getBytes(StandardCharsets.UTF_8),
                "hello".getBytes(StandardCharsets.UTF_8), bom, new byte[] {(byte) 0xC3}, new byte[] {0, 1, 2, 3});

        for (byte[] payload : payloads) {
            DecodeOutcome.Rejected r = assertRejected(decoder.decode(Requests.raw(payload)), ErrorCode.MALFORMED_PAYLOAD, "");
            assertThat(r.partial()).isNull();
        }
        assertRejected(decoder.decode(new RawRequest(null, Requests.SOURCE, 0)), ErrorCode.MALFORMED_PAYLOAD, "");
    }

    @Test
    void truncatedAvroIsMalformed() {
        byte[] avro = Requests.video().avro();

        assertRejected(decoder.decode(Requests.raw(Arrays.copyOf(avro, avro.length - 3))), ErrorCode.MALFORMED_PAYLOAD, "truncated");
    }

    @Test
    void avroOfAnUnknownOrWrongSchemaIsUnknownSchema() {
        byte[] avro = Requests.video().avro();
        avro[9] ^= 1;
        byte[] event = SingleObjectCodec.of(GenerationEvent.class).encode(GenerationEvent.newBuilder()
                .setRequestId("r").setTenantId("demo").setType(EventType.ACCEPTED).setAt(NOW).build());

        assertRejected(decoder.decode(Requests.raw(avro)), ErrorCode.UNKNOWN_SCHEMA, "unknown writer schema");
        assertRejected(decoder.decode(Requests.raw(event)), ErrorCode.UNKNOWN_SCHEMA, "GenerationEvent");
    }

    @Test
    void jsonSchemaErrorsKeepTheirKindPathAndIds() {
        String valid = new String(Requests.image().json(), StandardCharsets.UTF_8);
        String unknown = valid.replace("\"width\"", "\"colour\":\"red\",\"width\"");
        String missing = valid.replace("\"prompt\":\"a red fox in fresh snow, morning light\",", "");
        String wrongType = valid.replace("\"width\":1024", "\"width\":\"wide\"");

        DecodeOutcome.Rejected r = assertRejected(decoder.decode(Requests.raw(unknown)), ErrorCode.UNKNOWN_FIELD, "colour: unknown field");
        assertThat(r.partial().getRequestId()).isEqualTo("req-0001");
        assertThat(r.partial().getTenantId()).isEqualTo("demo");
        assertRejected(decoder.decode(Requests.raw(missing)), ErrorCode.MISSING_FIELD, "prompt: required field is missing");
        assertRejected(decoder.decode(Requests.raw(wrongType)), ErrorCode.INVALID_FIELD, "width: must be an integer");
    }

    @Test
    void hostileJsonIsRefusedWithoutCrashing() {
        String valid = new String(Requests.image().json(), StandardCharsets.UTF_8);
        String deep = valid.replace("\"labels\":{}", "\"labels\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000));
        byte[] invalidUtf8 = valid.replace("fox", "f\u00e9x").getBytes(StandardCharsets.UTF_8);
        invalidUtf8[valid.indexOf("fox") + 2] = (byte) 0xFF;

        assertRejected(decoder.decode(Requests.raw(deep)), ErrorCode.MALFORMED_PAYLOAD, "nesting depth");
        assertRejected(decoder.decode(Requests.raw(invalidUtf8)), ErrorCode.MALFORMED_PAYLOAD, "UTF-8");
        assertRejected(decoder.decode(Requests.raw(valid.replace("1024", "1" + "0".repeat(80)))), ErrorCode.INVALID_FIELD, "width");
        assertRejected(decoder.decode(Requests.raw(valid.replace("\"seed\":null", "\"seed\":1e400"))), ErrorCode.INVALID_FIELD, "seed");
        assertRejected(decoder.decode(Requests.raw(valid.replace("\"guidance\":null", "\"guidance\":1e400"))), ErrorCode.INVALID_FIELD, "finite");
        assertRejected(decoder.decode(Requests.raw(valid.replace("\"guidance\":null", "\"guidance\":NaN"))), ErrorCode.MALFORMED_PAYLOAD, "NaN");
    }

    @Test
    void unpairedSurrogatesAreRefusedOnBothWires() {
        // JSON can spell one with an escape; UTF-8 cannot, so in Avro it arrives as CESU-8 bytes (ED A0 BE).
        String json = new String(Requests.image().json(), StandardCharsets.UTF_8).replace("red fox", "red \\ud83e fox");
        byte[] avro = Requests.image().with(b -> b.setPrompt("zqx")).avro();
        int at = indexOf(avro, "zqx".getBytes(StandardCharsets.UTF_8));
        avro[at] = (byte) 0xED;
        avro[at + 1] = (byte) 0xA0;
        avro[at + 2] = (byte) 0xBE;

        assertRejected(decoder.decode(Requests.raw(json)), ErrorCode.INVALID_FIELD, "prompt contains an unpaired surrogate U+D83E at index 6");
        assertRejected(decoder.decode(Requests.raw(avro)), ErrorCode.MALFORMED_PAYLOAD, "UTF-8");
    }

    @Test
    void rejectionsEchoOnlyValidIdentifiers() {
        Map<String, String> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            tooMany.put("k" + i, "v");
        }
        byte[] hostileId = Requests.image().with(b -> b.setRequestId("x\u202E".repeat(300))).json();
        byte[] manyLabels = Requests.image().with(b -> b.setLabels(tooMany).setCampaignId("spring-2027")).avro();

        DecodeOutcome.Rejected badId = assertRejected(decoder.decode(Requests.raw(hostileId)), ErrorCode.INVALID_FIELD, "request_id");
        DecodeOutcome.Rejected badLabels = assertRejected(decoder.decode(Requests.raw(manyLabels)), ErrorCode.OUT_OF_RANGE, "labels");

        assertThat(badId.partial().getRequestId()).isNull();
        assertThat(badId.partial().getTenantId()).isEqualTo("demo");
        assertThat(badId.rejection().message()).hasSizeLessThan(200);
        assertThat(badLabels.partial().getRequestId()).isEqualTo("req-0001");
        assertThat(badLabels.partial().getCampaignId()).isEqualTo("spring-2027");
        assertThat(badLabels.partial().getLabels()).isEmpty();
    }

    @Test
    void corruptedPayloadsNeverThrow() {
        List<byte[]> seeds = List.of(Requests.video().avro(), Requests.video().json(), Requests.image().avro(), Requests.image().json());
        Random random = new Random(7);
        int accepted = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] bytes = seeds.get(i % seeds.size()).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            }
            DecodeOutcome outcome = decoder.decode(Requests.raw(bytes));
            if (outcome instanceof DecodeOutcome.Rejected r) {
                assertThat(r.rejection().message()).isNotBlank();
            } else {
                accepted++;
            }
        }
        assertThat(accepted).isLessThan(4000);
    }

    @Test
    void builderNeedsConfigAndAnExistingDefaultModel() {
        assertThatThrownBy(() -> RequestDecoder.builder().build()).isInstanceOf(NullPointerException.class).hasMessage("config");
        assertThatThrownBy(() -> RequestDecoder.builder()
                .config(ConfigLoader.builder().set("generation.default-model", "missing-model").build())
                .build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing-model");
        assertThatThrownBy(() -> RequestDecoder.builder().config(Requests.config()).catalog(new ModelCatalog("/nonexistent")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DecodedRequest accepted(DecodeOutcome outcome) {
        assertThat(outcome).isInstanceOf(DecodeOutcome.Accepted.class);
        return ((DecodeOutcome.Accepted) outcome).request();
    }

    private static DecodeOutcome.Rejected assertRejected(DecodeOutcome outcome, ErrorCode code, String messagePart) {
        assertThat(outcome).isInstanceOf(DecodeOutcome.Rejected.class);
        DecodeOutcome.Rejected rejected = (DecodeOutcome.Rejected) outcome;
        assertThat(rejected.rejection().code()).as(rejected.rejection().message()).isEqualTo(code);
        assertThat(rejected.rejection().message()).contains(messagePart);
        return rejected;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
