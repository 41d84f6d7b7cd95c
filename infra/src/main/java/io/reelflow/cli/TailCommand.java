package io.reelflow.cli;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.KafkaConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ReviewTask;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.JsonCodec;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints an output topic as JSON lines, reading only committed records. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print results, events or dead letters as JSON lines, reading committed records only.")
final class TailCommand implements Callable<Integer> {

    enum Stream { results, events, dlq, moderation, reviews }

    @Mixin
    ConfigOptions config;

    @Parameters(paramLabel = "STREAM", description = "results, events, dlq, moderation (audits) or reviews")
    Stream stream;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of new ones.")
    boolean fromBeginning;

    @Option(names = "--timeout", defaultValue = "365d", description = "Stop after this long (e.g. 30s).")
    String timeout;

    @Option(names = "--max", defaultValue = "" + Long.MAX_VALUE, description = "Stop after this many records.")
    long max;

    @Override
    public Integer call() {
        ReelflowConfig cfg = config.load();
        KafkaConfig.Topics topics = cfg.kafka().topics();
        return switch (stream) {
            case results -> tail(cfg.kafka(), topics.results(), GenerationResult.class);
            case events -> tail(cfg.kafka(), topics.events(), GenerationEvent.class);
            case dlq -> tail(cfg.kafka(), topics.deadLetters(), DeadLetter.class);
            case moderation -> tail(cfg.kafka(), topics.moderation(), ModerationAudit.class);
            case reviews -> tail(cfg.kafka(), topics.reviews(), ReviewTask.class);
        };
    }

    private <T extends SpecificRecord> int tail(KafkaConfig kafka, String topic, Class<T> type) {
        SingleObjectCodec<T> codec = SingleObjectCodec.of(type);
        JsonCodec<T> json = JsonCodec.of(type);
        long[] seen = {0};
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaIo.reader(kafka, List.of(topic), fromBeginning)) {
            KafkaIo.pollUntil(consumer, ConfigLoader.parseDuration(timeout), record -> {
                try {
                    System.out.println(Printable.jsonLine(json.toTree(codec.decode(record.value())).toString()));
                } catch (CodecException e) {
                    System.err.println("undecodable record at " + topic + "/" + record.partition() + "@"
                            + record.offset() + ": " + e.getMessage());
                }
                return ++seen[0] >= max;
            });
        }
        return 0;
    }
}
