package io.reelflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.JsonCodec;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Publishes one request; with --wait, follows its events and prints its result. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Publish a generation request; with --wait, print its events and result.",
            "Sends to the requests topic of a running `reelflow up` or any deployment (--set kafka.bootstrap-servers=...).",
            "Fields come from --file (JSON with GenerationRequest field names) and/or flags; flags win.",
            "Exit code: 0 when submitted (with --wait: when the result is SUCCEEDED), 3 with --wait when it is held for"
                    + " review, 1 otherwise."})
final class SubmitCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--file", paramLabel = "JSON", description = "Request as JSON.")
    Path file;

    @Option(names = "--prompt", description = "What to generate.")
    String prompt;

    @Option(names = "--negative-prompt", description = "What to steer away from.")
    String negativePrompt;

    @Option(names = "--mode", description = "TEXT_TO_IMAGE (default without --duration/--frames) or TEXT_TO_VIDEO, ...")
    String mode;

    @Option(names = "--width", description = "Output width in pixels (default 1024).")
    Integer width;

    @Option(names = "--height", description = "Output height in pixels (default 1024).")
    Integer height;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Video length in seconds.")
    Double duration;

    @Option(names = "--frames", description = "Video length in frames.")
    Integer frames;

    @Option(names = "--fps", description = "Video frame rate.")
    Integer fps;

    @Option(names = "--seed", description = "Sampling seed.")
    Long seed;

    @Option(names = "--steps", description = "Denoising steps.")
    Integer steps;

    @Option(names = "--tenant", description = "Tenant id (default demo).")
    String tenant;

    @Option(names = "--id", description = "Request id (default: a new random id).")
    String requestId;

    @Option(names = "--json", description = "Send JSON instead of Avro single-object encoding.")
    boolean sendJson;

    @Option(names = "--wait", description = "Follow the request's events and print its result.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "10m", description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws Exception {
        ReelflowConfig cfg = config.load();
        GenerationRequest request = request();
        byte[] payload = sendJson
                ? JsonCodec.of(GenerationRequest.class).encode(request).getBytes(StandardCharsets.UTF_8)
                : SingleObjectCodec.of(GenerationRequest.class).encode(request);
        byte[] key = request.getRequestId().getBytes(StandardCharsets.UTF_8);
        if (!await) {
            KafkaIo.send(cfg.kafka(), cfg.kafka().topics().requests(), key, payload);
            System.out.println("submitted " + request.getRequestId());
            return 0;
        }
        try (KafkaConsumer<byte[], byte[]> outputs = KafkaIo.reader(cfg.kafka(),
                List.of(cfg.kafka().topics().results(), cfg.kafka().topics().events()), false)) {
            KafkaIo.send(cfg.kafka(), cfg.kafka().topics().requests(), key, payload);
            System.err.println("submitted " + request.getRequestId() + ", waiting for its result...");
            GenerationResult[] result = new GenerationResult[1];
            boolean[] held = new boolean[1];
            SingleObjectCodec<GenerationResult> results = SingleObjectCodec.of(GenerationResult.class);
            SingleObjectCodec<GenerationEvent> events = SingleObjectCodec.of(GenerationEvent.class);
            boolean done = KafkaIo.pollUntil(outputs, ConfigLoader.parseDuration(timeout), record -> {
                try {
                    if (record.topic().equals(cfg.kafka().topics().events())) {
                        GenerationEvent event = events.decode(record.value());
                        if (event.getRequestId().equals(request.getRequestId())) {
                            System.err.println("  " + describe(event));
                            // Its result waits for a reviewer, who may take days: stop waiting here.
                            held[0] = event.getType() == EventType.HELD_FOR_REVIEW;
                            return held[0];
                        }
                        return false;
                    }
                    GenerationResult r = results.decode(record.value());
                    if (r.getRequestId().equals(request.getRequestId())) {
                        result[0] = r;
                        return true;
                    }
                } catch (CodecException e) {
                    System.err.println("  skipping an undecodable record at " + record.topic() + "/"
                            + record.partition() + "@" + record.offset() + ": " + e.getMessage());
                }
                return false;
            });
            if (held[0]) {
                System.out.println(request.getRequestId() + " is held for review: its result is published when a"
                        + " reviewer decides (reelflow review list)");
                return 3;
            }
            if (!done) {
                System.err.println("no result for " + request.getRequestId() + " within " + timeout);
                return 1;
            }
            System.out.println(JsonCodec.of(GenerationResult.class).toTree(result[0]).toPrettyString());
            return result[0].getStatus() == ResultStatus.SUCCEEDED ? 0 : 1;
        }
    }

    private static String describe(GenerationEvent event) {
        StringBuilder line = new StringBuilder(event.getType().name().toLowerCase());
        if (event.getType() == EventType.SAMPLING && event.getStep() != null && event.getTotalSteps() != null) {
            line.append(' ').append(progressBar(event.getStep(), event.getTotalSteps())).append(' ')
                    .append(event.getStep()).append('/').append(event.getTotalSteps());
        }
        if (event.getStageMs() != null) {
            line.append(" (").append(event.getStageMs()).append(" ms)");
        }
        if (event.getMessage() != null) {
            line.append(": ").append(event.getMessage());
        }
        return line.toString();
    }

    /** e.g. [##########----------] for 10 of 20. */
    static String progressBar(int done, int total) {
        int width = 20;
        int filled = total <= 0 ? 0 : (int) Math.min(width, Math.round(width * (double) done / total));
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    /** The request from --file and flags, with client-side defaults for what neither gives. */
    GenerationRequest request() throws Exception {
        ObjectNode fields = file == null ? JSON.createObjectNode() : readObject(file);
        putIfSet(fields, "prompt", prompt);
        putIfSet(fields, "negative_prompt", negativePrompt);
        putIfSet(fields, "mode", mode == null ? null : mode.toUpperCase());
        putIfSet(fields, "width", width);
        putIfSet(fields, "height", height);
        putIfSet(fields, "duration_seconds", duration);
        putIfSet(fields, "frames", frames);
        putIfSet(fields, "fps", fps);
        putIfSet(fields, "seed", seed);
        putIfSet(fields, "steps", steps);
        putIfSet(fields, "tenant_id", tenant);
        putIfSet(fields, "request_id", requestId);
        boolean video = fields.hasNonNull("duration_seconds") || fields.hasNonNull("frames");
        defaultTo(fields, "mode", video ? "TEXT_TO_VIDEO" : "TEXT_TO_IMAGE");
        defaultTo(fields, "width", video ? 1280 : 1024);
        defaultTo(fields, "height", video ? 720 : 1024);
        defaultTo(fields, "tenant_id", "demo");
        defaultTo(fields, "request_id", "req-" + UUID.randomUUID());
        defaultTo(fields, "submitted_at", Instant.now().toString());
        if (!fields.hasNonNull("prompt")) {
            throw new ParameterException(spec.commandLine(), "a prompt is needed: --prompt or a prompt field in --file");
        }
        try {
            return JsonCodec.of(GenerationRequest.class).decode(fields);
        } catch (CodecException e) {
            throw new ParameterException(spec.commandLine(), "not a valid request: " + e.getMessage());
        }
    }

    private ObjectNode readObject(Path path) throws Exception {
        JsonNode node = JSON.readTree(Files.readString(path));
        if (!(node instanceof ObjectNode object)) {
            throw new ParameterException(spec.commandLine(), path + " must hold a JSON object");
        }
        return object;
    }

    private static void putIfSet(ObjectNode fields, String name, Object value) {
        if (value != null) {
            fields.set(name, JSON.valueToTree(value));
        }
    }

    private static void defaultTo(ObjectNode fields, String name, Object value) {
        if (!fields.hasNonNull(name)) {
            fields.set(name, JSON.valueToTree(value));
        }
    }
}
