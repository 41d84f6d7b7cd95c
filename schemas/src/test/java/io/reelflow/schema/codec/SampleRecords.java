package io.reelflow.schema.codec;

import io.reelflow.schema.AssetRole;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.VisibleMark;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Test records: a realistic request, and a value for every field of any schema (for old writer schemas). */
final class SampleRecords {

    private SampleRecords() {}

    static GenerationRequest videoRequest() {
        return GenerationRequest.newBuilder()
                .setRequestId("req-0001")
                .setTenantId("demo")
                .setSubmittedAt(Instant.parse("2026-11-24T13:00:00.250Z"))
                .setMode(GenerationMode.TEXT_TO_VIDEO)
                .setPrompt("a lighthouse at dusk, waves, slow dolly-in")
                .setWidth(1920)
                .setHeight(1080)
                .setDurationSeconds(4.5)
                .setFps(24)
                .setSeed(-42L)
                .setGuidance(4.0)
                .setInputAssets(List.of(new InputAsset("s3://reelflow-inputs/a.png", AssetRole.FIRST_FRAME)))
                .setVisibleMark(VisibleMark.newBuilder().setText("ACME").setPosition(MarkPosition.MOVING).build())
                .setLabels(Map.of("team", "ads"))
                .build();
    }

    /** A generic record of {@code schema} with a non-default value in every field. */
    static GenericRecord generic(Schema schema) {
        return (GenericRecord) value(schema, schema.getName());
    }

    private static Object value(Schema schema, String name) {
        return switch (schema.getType()) {
            case NULL -> null;
            case BOOLEAN -> true;
            case INT -> 7 + name.length();
            case LONG -> 1_700_000_000_000L + name.length();
            case FLOAT -> 0.25f;
            case DOUBLE -> 0.5 + name.length();
            case STRING -> "v-" + name;
            case BYTES -> ByteBuffer.wrap(new byte[] {1, 2, (byte) 0xFF});
            case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(schema.getEnumSymbols().size() - 1));
            case ARRAY -> new ArrayList<>(List.of(value(schema.getElementType(), name + "-item")));
            case MAP -> new LinkedHashMap<>(Map.of("k-" + name, value(schema.getValueType(), name + "-value")));
            case UNION -> value(JsonSchemas.nonNullBranch(schema), name);
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                schema.getFields().forEach(f -> record.put(f.pos(), value(f.schema(), f.name())));
                yield record;
            }
        };
    }
}
