package io.reelflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alert rules are valid and their unit tests (alerts_test.yml: every alert firing and not) pass, by promtool. */
class PrometheusRulesTest {

    private static final Path RULES = Path.of("..", "dashboards", "prometheus");

    @Test
    void alertRulesAreValid() throws Exception {
        promtool("check", "rules", RULES.resolve("alerts.yml").toString());
    }

    @Test
    void everyAlertFiresOnItsSeriesAndStaysQuietOnHealthyOnes() throws Exception {
        promtool("test", "rules", RULES.resolve("alerts_test.yml").toString());
    }

    @Test
    void theScrapeConfigIsValidAndLoadsTheRules() throws Exception {
        assertThat(promtool("check", "config", RULES.resolve("prometheus.yml").toString())).contains("1 rule files found");
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(executable()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
        return output;
    }

    static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path promtool = Path.of(dir, "promtool");
            if (Files.isExecutable(promtool)) {
                return promtool.toString();
            }
        }
        throw new AssertionError("promtool is not on the PATH: install Debian's prometheus package (.ci/run installs it)");
    }
}
