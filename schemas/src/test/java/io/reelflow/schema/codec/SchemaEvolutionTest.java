package io.reelflow.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The current readers read everything earlier releases wrote: every {@code avro-history/<Name>.vN.avsc} in the jar
 * is checked for compatibility and by decoding a record written with it.
 */
class SchemaEvolutionTest {

    // Numbers compare by value: an int written as 5 may come back as a long or double after promotion.
    /**
     * Whether {@code read} holds what {@code written} did: numbers by value, nested records field by field, where a
     * nested field the writer lacked must hold its null default.
     */
    private static boolean carriesOver(JsonNode written, JsonNode read) {
        if (written.isNumber() && read.isNumber()) {
            return written.decimalValue().compareTo(read.decimalValue()) == 0;
        }
        if (written.isObject() && read.isObject()) {
            for (var names = read.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                // A nested field the writer lacked holds its default: null, or an empty array or map.
                boolean carried = written.has(name) ? carriesOver(written.get(name), read.get(name))
                        : read.get(name).isNull() || (read.get(name).isContainerNode() && read.get(name).isEmpty());
                if (!carried) {
                    return false;
                }
            }
            for (var names = written.fieldNames(); names.hasNext(); ) {
                if (!read.has(names.next())) {
                    return false;
                }
            }
            return true;
        }
        if (written.isArray() && read.isArray()) {
            if (written.size() != read.size()) {
                return false;
            }
            for (int i = 0; i < written.size(); i++) {
                if (!carriesOver(written.get(i), read.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return written.equals(read);
    }

    static Stream<Arguments> historicalWriters() {
        List<Arguments> cases = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : BundledSchemas.RECORDS) {
            List<Schema> history = BundledSchemas.get().history(type.getSimpleName());
            for (int v = 0; v < history.size(); v++) {
                cases.add(Arguments.of(type.getSimpleName() + ".v" + (v + 1), type, history.get(v)));
            }
        }
        return cases.stream();
    }

    @Test
    void everyTopicRecordHasItsFirstVersionInTheJar() {
        for (Class<? extends SpecificRecord> type : BundledSchemas.RECORDS) {
            assertThat(BundledSchemas.get().history(type.getSimpleName())).as(type.getSimpleName()).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("historicalWriters")
    void currentReaderCanReadIt(String name, Class<? extends SpecificRecord> type, Schema writer) {
        Schema reader = SpecificData.get().getSchema(type);

        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("historicalWriters")
    void recordsItWroteDecodeWithDefaultsFilled(String name, Class<? extends SpecificRecord> type, Schema writer) throws Exception {
        GenericRecord written = SampleRecords.generic(writer);

        SpecificRecord read = SingleObjectCodec.of(type).decode(SingleObjectCodecTest.encodeGeneric(writer, written));

        assertCarriesOver(type, writer, written, read);
    }

    @Test
    void aGenuinelyOlderWriterGetsDefaultsForWhatItLacked() throws Exception {
        Schema older = SingleObjectCodecTest.parse("/evolution/GenerationRequest.older.avsc");
        GenericRecord written = SampleRecords.generic(older);

        SpecificRecord read = SingleObjectCodec.of(io.reelflow.schema.GenerationRequest.class, SingleObjectCodecTest.storeWith(older))
                .decode(SingleObjectCodecTest.encodeGeneric(older, written));

        assertCarriesOver(io.reelflow.schema.GenerationRequest.class, older, written, read);
    }

    /** Fields the writer had keep their values; fields it lacked hold the reader's defaults. */
    private static void assertCarriesOver(Class<? extends SpecificRecord> type, Schema writer, GenericRecord written, SpecificRecord read) {
        SpecificData model = SpecificData.getForClass(type);
        Schema reader = model.getSchema(type);
        JsonNode expected = JsonRecordWriter.write(written, writer, "");
        JsonNode actual = JsonRecordWriter.write(read, reader, "");
        for (Schema.Field field : reader.getFields()) {
            Schema.Field old = writer.getField(field.name());
            if (old == null) {
                old = field.aliases().stream().map(writer::getField).filter(f -> f != null).findFirst().orElse(null);
            }
            if (old != null) {
                assertThat(carriesOver(expected.get(old.name()), actual.get(field.name())))
                        .as("%s: read %s, written %s", field.name(), actual.get(field.name()), expected.get(old.name()))
                        .isTrue();
            } else {
                assertThat(read.get(field.pos())).as(field.name()).isEqualTo(model.getDefaultValue(field));
            }
        }
    }
}
