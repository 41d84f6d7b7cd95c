package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertOperandsTest {

    @Test
    void splitsSetOperatorsAndComparisonsButNotLabelMatchers() {
        assertThat(AlertOperands.of("reelflow:lag > 100 and deriv(reelflow:lag[10m]) > 0"))
                .containsExactly("reelflow:lag", "deriv(reelflow:lag[10m])");
        assertThat(AlertOperands.of("x{a!=\"b\", c=~\".*and.*\"} >= 2 * avg_over_time(x[1d])"))
                .containsExactly("x{a!=\"b\", c=~\".*and.*\"}", "2 * avg_over_time(x[1d])");
        assertThat(AlertOperands.of("rate(x[5m]) unless y == 0")).containsExactly("rate(x[5m])", "y");
        assertThat(AlertOperands.of("p99 > 120 and on (job_name) sum by (job_name) (r) > 0"))
                .containsExactly("p99", "sum by (job_name) (r)");
    }

    @Test
    void unwrapsAbsent() {
        assertThat(AlertOperands.of("absent(up{job=\"j\"} > 0)")).containsExactly("up{job=\"j\"}");
        assertThat(AlertOperands.of("absent(a) or absent(b)")).containsExactly("a", "b");
        assertThat(AlertOperands.of("absent(a) + absent(b)")).containsExactly("absent(a) + absent(b)");
    }
}
