package io.reelflow.pipeline.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The DLQ-rate alert's counter, by reason. */
class DeadLetterMetricsTest {

    private final RecordedMetrics metrics = new RecordedMetrics();

    @Test
    void countsDeadLettersByErrorCodeAndAnythingElseAsOther() throws Exception {
        List<DeadLetter> deadLetters = List.of(deadLetter("MALFORMED_PAYLOAD"), deadLetter("MALFORMED_PAYLOAD"),
                deadLetter("UNKNOWN_TENANT"), deadLetter("not-a-code"));
        List<DeadLetter> passed;
        try (MockEnvironment environment = metrics.environment("count-dead-letters");
                OneInputStreamOperatorTestHarness<DeadLetter, DeadLetter> harness =
                        new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new DeadLetterMetrics()), environment)) {
            harness.setup();
            harness.open();
            for (DeadLetter deadLetter : deadLetters) {
                harness.processElement(deadLetter, 0L);
            }
            passed = harness.extractOutputValues();
        }

        assertThat(passed).isEqualTo(deadLetters);
        assertThat(metrics.count("dead_letters", "reason", "MALFORMED_PAYLOAD")).isEqualTo(2);
        assertThat(metrics.count("dead_letters", "reason", "UNKNOWN_TENANT")).isEqualTo(1);
        assertThat(metrics.count("dead_letters", "reason", "OTHER")).isEqualTo(1);
        assertThat(metrics.labelValues("dead_letters", "reason")).doesNotContain("not-a-code");
    }

    private static DeadLetter deadLetter(String code) {
        return DeadLetter.newBuilder().setPayload(ByteBuffer.wrap(new byte[] {1})).setSourceTopic("reelflow.requests")
                .setSourcePartition(0).setSourceOffset(1).setErrorCode(code).setErrorMessage("bad")
                .setFailedAt(Instant.EPOCH).build();
    }
}
