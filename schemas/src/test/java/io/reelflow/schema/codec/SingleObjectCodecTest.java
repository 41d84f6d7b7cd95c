package io.reelflow.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModelInfo;
import io.reelflow.schema.OutputAsset;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.Priority;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.CodecException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

    private final SingleObjectCodec<GenerationRequest> requests = SingleObjectCodec.of(GenerationRequest.class);

    @Test
    void roundTripsEveryTopicRecord() throws Exception {
        Instant at = Instant.parse("2026-11-24T13:00:00.123Z");
        GenerationResult result = GenerationResult.newBuilder()
                .setRequestId("r1").setTenantId("demo").setStatus(ResultStatus.SUCCEEDED).setCompletedAt(at)
                .setAssets(List.of(new OutputAsset("s3://out/demo/r1/video.mp4", OutputRole.PRIMARY, "video/mp4", 1234L,
                        "ab".repeat(32), 1920, 1080, 96, 4.0, "s3://out/demo/r1/video.mp4.manifest.json")))
                .setModel(new ModelInfo("reelflow-dit-xs", false, null))
                .setTimingsMs(Map.of("decode", 1L, "sample", 900L))
                .build();
        GenerationEvent event = GenerationEvent.newBuilder()
                .setRequestId("r1").setTenantId("demo").setType(EventType.SAMPLING).setAt(at).setStep(3).setTotalSteps(12).build();
        DeadLetter letter = DeadLetter.newBuilder()
                .setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0x00})).setSourceTopic("reelflow.requests")
                .setSourcePartition(2).setSourceOffset(77L).setErrorCode("MALFORMED_PAYLOAD").setErrorMessage("truncated")
                .setFailedAt(at).build();

        assertThat(requests.decode(requests.encode(SampleRecords.videoRequest()))).isEqualTo(SampleRecords.videoRequest());
        assertRoundTrip(GenerationResult.class, result);
        assertRoundTrip(GenerationEvent.class, event);
        assertRoundTrip(DeadLetter.class, letter);
    }

    @Test
    void headerIsMagicThenLittleEndianFingerprint() {
        byte[] bytes = requests.encode(SampleRecords.videoRequest());
        long fingerprint = BundledSchemas.fingerprint(GenerationRequest.getClassSchema());

        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
        assertThat(ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(fingerprint);
        // Avro's own encoder writes the same bytes, so any Avro client interoperates.
        assertThat(bytes).isEqualTo(toArray(GenerationRequest.getEncoder(), SampleRecords.videoRequest()));
    }

    @Test
    void unknownFingerprintIsUnknownSchema() {
        byte[] bytes = requests.encode(SampleRecords.videoRequest());
        bytes[5] ^= 0x5A;

        CodecException e = catchThrowableOfType(CodecException.class, () -> requests.decode(bytes));
        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_SCHEMA);
        assertThat(e.getMessage()).contains("unknown writer schema");
    }

    @Test
    void anotherTopicsRecordIsUnknownSchema() {
        byte[] event = SingleObjectCodec.of(GenerationEvent.class).encode(GenerationEvent.newBuilder()
                .setRequestId("r").setTenantId("t").setType(EventType.ACCEPTED).setAt(Instant.EPOCH).build());

        CodecException e = catchThrowableOfType(CodecException.class, () -> requests.decode(event));
        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_SCHEMA);
        assertThat(e.getMessage()).contains("io.reelflow.schema.GenerationEvent", "expected io.reelflow.schema.GenerationRequest");
    }

    @Test
    void olderWriterResolvesWithDefaultsAndPromotions() throws Exception {
        Schema older = parse("/evolution/GenerationRequest.older.avsc");
        GenericRecord written = SampleRecords.generic(older);
        SingleObjectCodec<GenerationRequest> codec = SingleObjectCodec.of(GenerationRequest.class, storeWith(older));

        GenerationRequest read = codec.decode(encodeGeneric(older, written));

        assertThat(read.getRequestId()).isEqualTo("v-request_id");
        assertThat(read.getMode()).isEqualTo(GenerationMode.TEXT_TO_VIDEO);
        assertThat(read.getGuidance()).isEqualTo(0.25); // float promoted to double
        assertThat(read.getInputAssets()).singleElement().satisfies(a -> assertThat(a.getUri()).isEqualTo("v-uri"));
        assertThat(read.getPriority()).isEqualTo(Priority.NORMAL);
        assertThat(read.getDeadline()).isNull();
        assertThat(read.getVisibleMark()).isNull();
        assertThat(read.getLabels()).isEmpty();
    }

    @Test
    void unresolvableWriterIsUnknownSchema() throws Exception {
        Schema incompatible = parse("/evolution/GenerationRequest.incompatible.avsc");
        SingleObjectCodec<GenerationRequest> codec = SingleObjectCodec.of(GenerationRequest.class, storeWith(incompatible));

        CodecException e = catchThrowableOfType(CodecException.class,
                () -> codec.decode(encodeGeneric(incompatible, SampleRecords.generic(incompatible))));
        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_SCHEMA);
        assertThat(e.getMessage()).contains("cannot be read");
    }

    @Test
    void everyTruncationIsMalformedNotACrash() {
        byte[] bytes = requests.encode(SampleRecords.videoRequest());
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> requests.decode(cut))
                    .as("truncated to %d bytes", length)
                    .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
        }
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] bytes = requests.encode(SampleRecords.videoRequest());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> requests.decode(longer)).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e).hasMessageContaining("1 bytes after the end"));
    }

    @Test
    void absurdLengthsFailBeforeAllocating() throws Exception {
        // A 2 GB request_id and a 2^40-item asset array, each claimed by a few bytes.
        byte[] hugeString = withBody(e -> e.writeLong(Integer.MAX_VALUE));
        byte[] hugeArray = withBody(e -> {
            writeRequestPrefix(e);
            e.writeLong(1L << 40);
        });
        byte[] negativeBlock = withBody(e -> {
            writeRequestPrefix(e);
            e.writeLong(-(1L << 40));
            e.writeLong(3);
        });

        for (byte[] bytes : List.of(hugeString, hugeArray, negativeBlock)) {
            CodecException e = catchThrowableOfType(CodecException.class, () -> requests.decode(bytes));
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(e.getMessage()).containsAnyOf("exceeds", "claims");
        }
    }

    @Test
    void invalidUtf8InAStringIsMalformed() throws Exception {
        byte[] bytes = withBody(e -> e.writeBytes(new byte[] {'r', (byte) 0xC0, (byte) 0x80}));

        assertThatThrownBy(() -> requests.decode(bytes)).isInstanceOfSatisfying(CodecException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(e).hasMessageContaining("UTF-8");
        });
    }

    @Test
    void randomCorruptionOnlyEverYieldsARecordOrACodecException() {
        byte[] valid = requests.encode(SampleRecords.videoRequest());
        Random random = new Random(20261124);
        int failures = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[SingleObjectCodec.HEADER_LENGTH + random.nextInt(bytes.length - SingleObjectCodec.HEADER_LENGTH)] = (byte) random.nextInt();
            }
            try {
                requests.decode(bytes);
            } catch (CodecException e) {
                failures++;
            }
        }
        assertThat(failures).isPositive();
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> void assertRoundTrip(Class<T> type, T record) throws CodecException {
        SingleObjectCodec<T> codec = SingleObjectCodec.of(type);
        assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
    }

    private static byte[] toArray(org.apache.avro.message.BinaryMessageEncoder<GenerationRequest> encoder, GenerationRequest r) {
        try {
            ByteBuffer buffer = encoder.encode(r);
            return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.arrayOffset() + buffer.limit());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Schema parse(String resource) throws IOException {
        try (InputStream in = SingleObjectCodecTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    static SchemaStore storeWith(Schema writer) {
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(writer);
        store.addSchema(GenerationRequest.getClassSchema());
        return store;
    }

    static byte[] encodeGeneric(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SingleObjectCodec.header(BundledSchemas.fingerprint(schema)));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private interface Body {
        void write(BinaryEncoder encoder) throws IOException;
    }

    /** A GenerationRequest header followed by hand-written body bytes. */
    private static byte[] withBody(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SingleObjectCodec.header(BundledSchemas.fingerprint(GenerationRequest.getClassSchema())));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        body.write(encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** The fields before input_assets, all minimal: ids, no campaign, a timestamp, enums, sizes, null options. */
    private static void writeRequestPrefix(BinaryEncoder e) throws IOException {
        e.writeString("r");
        e.writeString("demo");
        e.writeIndex(0); // campaign_id null
        e.writeLong(0); // submitted_at
        e.writeEnum(1); // priority
        e.writeIndex(0); // deadline
        e.writeEnum(0); // mode
        e.writeString("p");
        e.writeIndex(0); // negative_prompt
        e.writeInt(64);
        e.writeInt(64);
        for (int i = 0; i < 8; i++) {
            e.writeIndex(0); // duration .. model
        }
    }
}
