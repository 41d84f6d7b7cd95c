package io.reelflow.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void parsesTheOneBrokerAddressAndTheS3Endpoint() {
        assertThat(HostPort.parse("127.0.0.1:19092")).isEqualTo(new HostPort("127.0.0.1", 19092));
        assertThat(HostPort.ofHttpEndpoint("http://localhost:19000")).isEqualTo(new HostPort("localhost", 19000));
    }

    @Test
    void refusesAddressesAnEmbeddedServerCannotListenOn() {
        assertThatThrownBy(() -> HostPort.parse("a:1,b:2")).hasMessageContaining("expected one host:port");
        assertThatThrownBy(() -> HostPort.parse("19092")).hasMessageContaining("expected one host:port");
        assertThatThrownBy(() -> HostPort.parse("host:port")).hasMessageContaining("expected one host:port");
        assertThatThrownBy(() -> HostPort.ofHttpEndpoint("https://s3.example.com")).hasMessageContaining("http://host:port");
    }

    @Test
    void portZeroBecomesAPortNobodyListensOn() {
        HostPort resolved = new HostPort("127.0.0.1", 0).resolveFreePort();

        assertThat(resolved.port()).isPositive();
        assertThat(new HostPort("127.0.0.1", 19092).resolveFreePort().port()).isEqualTo(19092);
    }
}
