package io.reelflow.infra.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ClusterRestTest {

    @Test
    void aJobIdThatIsNotOneNeverReachesARequestPath() throws Exception {
        List<String> requested = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            ClusterRest rest = new ClusterRest("http://127.0.0.1:" + server.getAddress().getPort());
            for (String forged : List.of("../../jobmanager/shutdown?x=", "", "0123456789abcdef0123456789abcdeg",
                    "0123456789abcdef0123456789abcdef/../x")) {
                assertThatThrownBy(() -> rest.stopWithSavepoint(forged, Duration.ofSeconds(1)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Flink job id");
                assertThatThrownBy(() -> rest.cancel(forged)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> rest.checkpoints(forged)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(requested).isEmpty();

            // A well-formed id does reach the cluster (which answers 404 here).
            assertThatThrownBy(() -> rest.cancel("0123456789abcdef0123456789abcdef")).isInstanceOf(java.io.IOException.class);
            assertThat(requested).containsExactly("/jobs/0123456789abcdef0123456789abcdef");
        } finally {
            server.stop(0);
        }
    }
}
