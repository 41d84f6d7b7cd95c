package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void theRequestsSeedWins() {
        assertThat(Seeds.of(TestRequests.image("r1", 64, 64).setSeed(-5L).build())).isEqualTo(-5L);
    }

    @Test
    void aMissingSeedIsDerivedFromTenantAndRequestIdStably() {
        long derived = Seeds.of(TestRequests.image("r1", 64, 64).build());

        assertThat(derived).isEqualTo(Seeds.derived("demo", "r1")).isNotNegative();
        assertThat(Seeds.derived("demo", "r2")).isNotEqualTo(derived);
        assertThat(Seeds.derived("other", "r1")).isNotEqualTo(derived);
        // tenant "de" + id "mor1" must not collide with tenant "demo" + id "r1"
        assertThat(Seeds.derived("de", "mor1")).isNotEqualTo(derived);
    }
}
