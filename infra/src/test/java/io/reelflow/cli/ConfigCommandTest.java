package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheEffectiveConfigurationWithEverySecretMasked() throws Exception {
        Path config = dir.resolve("reelflow.yaml");
        Files.writeString(config, """
                watermark:
                  secret: deployment-secret-value
                tenants:
                  known:
                    - id: acme
                      input-buckets: []
                      watermark-secret: acme-secret-value
                    - id: demo
                      input-buckets: []
                """);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = ReelflowCli.commandLine().execute("config", "--config", config.toString());
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(out).contains("id: \"acme\"", "watermark-secret: \"******\"")
                .doesNotContain("acme-secret-value", "deployment-secret-value");
    }
}
