package io.reelflow.operators.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WatermarkKeyTest {

    private final WatermarkKey key = WatermarkKey.fromSecret("deployment-secret");

    @Test
    void idsAreSixteenLowerCaseHexDigitsAndStableAcrossKeyInstances() {
        String id = key.watermarkId("acme", "req-1");
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(WatermarkKey.fromSecret("deployment-secret").watermarkId("acme", "req-1")).isEqualTo(id);
    }

    @Test
    void idsDependOnSecretTenantAndRequest() {
        String id = key.watermarkId("acme", "req-1");
        assertThat(key.watermarkId("acme", "req-2")).isNotEqualTo(id);
        assertThat(key.watermarkId("other", "req-1")).isNotEqualTo(id);
        assertThat(WatermarkKey.fromSecret("another-secret").watermarkId("acme", "req-1")).isNotEqualTo(id);
        // Tenant and request are separated, so moving characters between them changes the id.
        assertThat(key.watermarkId("ac", "mereq-1")).isNotEqualTo(key.watermarkId("acme", "req-1"));
    }

    @Test
    void rejectsABlankSecret() {
        assertThatThrownBy(() -> WatermarkKey.fromSecret(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WatermarkKey.fromSecret(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
