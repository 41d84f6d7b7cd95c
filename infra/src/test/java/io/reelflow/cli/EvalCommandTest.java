package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `reelflow eval` on the shipped model: the sampling settings it reports, and a sampler the model does not offer. */
class EvalCommandTest {

    private static final String MODEL_DIR = Path.of("..", "models", "reelflow-dit-xs").toString();

    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = ReelflowCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theReportRecordsTheSamplingItUsed(@TempDir Path dir) throws Exception {
        int exit = execute("eval", "--model-dir", MODEL_DIR, "--tuning", "--limit", "2", "--steps", "2",
                "--sampler", "flow-euler-stochastic", "--guidance", "2", "--out", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(report.path("all").path("cases").asInt()).isEqualTo(2);
        JsonNode sampling = report.path("sampling");
        assertThat(sampling.path("sampler").asText()).isEqualTo("flow-euler-stochastic");
        assertThat(sampling.path("steps").asInt()).isEqualTo(2);
        assertThat(sampling.path("guidance").asDouble()).isEqualTo(2.0);
        assertThat(report.path("text-separation").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("colour", "shape", "background", "direction", "motion");
        assertThat(report.path("text-separation").path("colour").asDouble()).isPositive();
    }

    @Test
    void aSamplerTheModelDoesNotOfferIsAnErrorThatNamesIt(@TempDir Path dir) {
        int exit = execute("eval", "--model-dir", MODEL_DIR, "--tuning", "--limit", "1", "--sampler", "ddim",
                "--out", dir.toString());

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("reelflow-dit-xs does not offer sampler ddim");
    }
}
