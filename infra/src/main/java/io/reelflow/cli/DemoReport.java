package io.reelflow.cli;

import io.reelflow.infra.LocalStack;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputAsset;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The demo's table: what each sample became, and whether that is what it should have become. */
final class DemoReport {

    private final LocalStack stack;
    private final List<DemoRequests.Sample> samples;
    private final Map<String, GenerationResult> results;
    private final List<DeadLetter> deadLetters;

    DemoReport(LocalStack stack, List<DemoRequests.Sample> samples, Map<String, GenerationResult> results,
            List<DeadLetter> deadLetters) {
        this.stack = stack;
        this.samples = samples;
        this.results = results;
        this.deadLetters = deadLetters;
    }

    boolean allAsExpected() {
        return samples.stream().allMatch(this::asExpected) && !deadLetters.isEmpty();
    }

    private boolean asExpected(DemoRequests.Sample sample) {
        GenerationResult r = results.get(sample.requestId());
        return r != null
                && r.getStatus().name().equals(sample.expectedStatus())
                && Objects.equals(r.getErrorCode(), sample.expectedErrorCode());
    }

    void print(PrintStream out) {
        out.printf("%n%-17s %-40s %-10s %s%n", "REQUEST", "WHAT", "STATUS", "OUTCOME");
        for (DemoRequests.Sample sample : samples) {
            GenerationResult r = results.get(sample.requestId());
            String id = sample.requestId().isEmpty() ? "(no id)" : sample.requestId();
            String mark = asExpected(sample) ? "" : "   <-- expected " + sample.expectedStatus();
            if (r == null) {
                out.printf("%-17s %-40s %-10s %s%n", id, sample.label(), "-", "no result" + mark);
                continue;
            }
            out.printf("%-17s %-40s %-10s %s%s%n", id, sample.label(), r.getStatus(), outcome(r), mark);
        }
        for (DeadLetter d : deadLetters) {
            out.printf("%ndead letter from %s/%d@%d: %s: %s%n", d.getSourceTopic(), d.getSourcePartition(),
                    d.getSourceOffset(), d.getErrorCode(), d.getErrorMessage());
        }
        results.values().stream().filter(r -> r.getModel() != null).findFirst().ifPresent(r -> out.printf(
                "%nmodel %s is %s%n", r.getModel().getId(), r.getModel().getTrained()
                        ? "trained" : "UNTRAINED (random weights): the outputs are noise and do not follow the prompt"));
        out.printf("objects are also plain files under %s%n", stack.dataDir().resolve("s3").toAbsolutePath());
    }

    private String outcome(GenerationResult r) {
        if (r.getErrorCode() != null) {
            return r.getErrorCode() + ": " + r.getErrorMessage();
        }
        StringBuilder line = new StringBuilder();
        for (OutputAsset a : r.getAssets()) {
            line.append(line.isEmpty() ? "" : "\n").append(line.isEmpty() ? "" : " ".repeat(70))
                    .append(a.getUri()).append(String.format(" (%dx%d, %d frames, %d KB)",
                            a.getWidth(), a.getHeight(), a.getFrames(), a.getBytes() / 1024));
        }
        if (r.getWatermarkId() != null) {
            line.append("\n").append(" ".repeat(70)).append("watermark ").append(r.getWatermarkId());
        }
        return line.toString();
    }
}
