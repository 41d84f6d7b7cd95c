package io.reelflow.schema.codec;

import io.reelflow.schema.ControlCommand;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ReviewTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every writer schema this build can read: the current schema of each topic record plus the versions that earlier
 * releases wrote, shipped as {@code avro-history/<Name>.v<N>.avsc} (numbered from 1 without gaps; see the schemas
 * README). Single-object decoding looks writers up here by their CRC-64-AVRO fingerprint.
 */
public final class BundledSchemas implements SchemaStore {

    /** The records written to Kafka topics, in no particular order. */
    public static final List<Class<? extends SpecificRecord>> RECORDS =
            List.of(GenerationRequest.class, GenerationResult.class, GenerationEvent.class, DeadLetter.class,
                    ControlCommand.class, ModerationAudit.class, ReviewTask.class);

    static final String HISTORY_DIR = "avro-history/";

    private final Map<Long, Schema> byFingerprint = new LinkedHashMap<>();
    private final Map<String, List<Schema>> history = new LinkedHashMap<>();

    private BundledSchemas() {
        for (Class<? extends SpecificRecord> type : RECORDS) {
            Schema current = SpecificData.get().getSchema(type);
            byFingerprint.put(fingerprint(current), current);
            List<Schema> versions = loadHistory(type.getSimpleName(), current.getFullName());
            history.put(type.getSimpleName(), List.copyOf(versions));
            // Identical canonical forms share a fingerprint; the current schema wins.
            versions.forEach(v -> byFingerprint.putIfAbsent(fingerprint(v), v));
        }
    }

    private static final class Holder {
        static final BundledSchemas INSTANCE = new BundledSchemas();
    }

    public static BundledSchemas get() {
        return Holder.INSTANCE;
    }

    /** CRC-64-AVRO of the schema's parsing canonical form, as in the single-object header. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** Previous versions of a record (simple name, e.g. {@code GenerationRequest}), oldest first. */
    public List<Schema> history(String recordName) {
        return history.getOrDefault(recordName, List.of());
    }

    private static List<Schema> loadHistory(String name, String fullName) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            String resource = HISTORY_DIR + name + ".v" + v + ".avsc";
            try (InputStream in = BundledSchemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                Schema schema = new Schema.Parser().parse(in);
                if (!schema.getFullName().equals(fullName)) {
                    throw new IllegalStateException(resource + " declares " + schema.getFullName() + ", not " + fullName);
                }
                versions.add(schema);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
