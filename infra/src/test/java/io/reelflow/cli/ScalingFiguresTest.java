package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

class ScalingFiguresTest {

    @Test
    void throughputIsTheBurstOverPublishToTheLastCompletion() {
        // 4 requests published at t=10 s, the last done at t=12 s: 2 req/s, whatever order they ended in.
        assertThat(ScalingFigures.throughput(4, 10_000, List.of(11_500L, 12_000L, 10_800L, 11_000L)))
                .isCloseTo(2.0, within(1e-9));
    }

    @Test
    void throughputNeedsEveryRequestCompletedAfterThePublish() {
        assertThatThrownBy(() -> ScalingFigures.throughput(3, 0, List.of(1_000L, 2_000L)))
                .hasMessageContaining("2 completions for 3 requests");
        assertThatThrownBy(() -> ScalingFigures.throughput(1, 5_000, List.of(5_000L)))
                .hasMessageContaining("not after the publish");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(ScalingFigures.median(List.of(1.9, 1.2, 1.7))).isEqualTo(1.7);
        assertThat(ScalingFigures.median(List.of(2.0, 1.0, 4.0, 3.0))).isEqualTo(2.5);
        assertThatThrownBy(() -> ScalingFigures.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void evenIdsGiveEachSubtaskTheSameShareAsFlinkAssignsKeys() {
        Function<String, String> key = id -> "demo/" + id;
        for (int parallelism : new int[] {1, 2, 3}) {
            List<String> ids = ScalingFigures.evenIds("r1", 8, parallelism, key);
            assertThat(ids).hasSize(8 * parallelism).doesNotHaveDuplicates().allMatch(id -> id.startsWith("r1-"));
            Map<Integer, Long> perSubtask = ids.stream().collect(Collectors.groupingBy(id ->
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(key.apply(id), 128, parallelism),
                    Collectors.counting()));
            assertThat(perSubtask).hasSize(parallelism).allSatisfy((subtask, count) -> assertThat(count).isEqualTo(8));
        }
    }

    @Test
    void evenIdsRejectAnEmptyShare() {
        assertThatThrownBy(() -> ScalingFigures.evenIds("r", 0, 2, id -> id))
                .hasMessageContaining("perSubtask and parallelism must be >= 1");
    }
}
