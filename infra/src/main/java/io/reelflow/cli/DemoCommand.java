package io.reelflow.cli;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalStack;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts a throw-away local stack, runs the sample requests through it and prints what came out. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run sample requests through a throw-away local stack and print their results.",
            "Starts the stack on free ports (data under <local.data-dir>/demo, wiped first), submits an image, a 16:9",
            "and a 9:16 video, a prompt moderation refuses and a malformed payload, and waits for their results.",
            "Exit code 0 when every request ended as expected."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--timeout", defaultValue = "15m", description = "How long to wait for all results (default ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws Exception {
        Path dataDir = Path.of(config.load().local().dataDir()).resolve("demo");
        DemoRequests.deleteRecursively(dataDir);
        // Free ports and a short checkpoint interval (results are committed with each checkpoint).
        config.overrides.addAll(0, Stream.concat(ConfigOptions.FREE_PORTS.stream(),
                Stream.of("pipeline.checkpoint-interval=2s")).toList());
        ReelflowConfig cfg = config.load();
        System.err.println("starting the local stack under " + dataDir.toAbsolutePath() + " ...");
        long started = System.nanoTime();
        List<DemoRequests.Sample> samples = DemoRequests.all();
        try (LocalStack stack = LocalStack.start(cfg, dataDir)) {
            ReelflowConfig running = stack.config();
            System.err.printf("stack up in %.1f s; submitting %d requests%n",
                    (System.nanoTime() - started) / 1e9, samples.size());
            Map<String, GenerationResult> results = new LinkedHashMap<>();
            List<DeadLetter> deadLetters = new ArrayList<>();
            SingleObjectCodec<GenerationResult> resultCodec = SingleObjectCodec.of(GenerationResult.class);
            SingleObjectCodec<DeadLetter> deadLetterCodec = SingleObjectCodec.of(DeadLetter.class);
            String resultsTopic = running.kafka().topics().results();
            try (KafkaConsumer<byte[], byte[]> outputs = KafkaIo.reader(running.kafka(),
                    List.of(resultsTopic, running.kafka().topics().deadLetters()), false)) {
                for (DemoRequests.Sample sample : samples) {
                    KafkaIo.send(running.kafka(), running.kafka().topics().requests(), sample.key(), sample.payload());
                }
                KafkaIo.pollUntil(outputs, ConfigLoader.parseDuration(timeout), record -> {
                    try {
                        if (record.topic().equals(resultsTopic)) {
                            GenerationResult r = resultCodec.decode(record.value());
                            results.put(r.getRequestId(), r);
                        } else {
                            deadLetters.add(deadLetterCodec.decode(record.value()));
                        }
                    } catch (CodecException e) {
                        System.err.println("undecodable output record: " + e.getMessage());
                    }
                    return results.size() >= samples.size() && !deadLetters.isEmpty();
                });
            }
            DemoReport report = new DemoReport(stack, samples, results, deadLetters);
            report.print(System.out);
            System.err.printf("demo finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
            return report.allAsExpected() ? 0 : 1;
        }
    }
}
