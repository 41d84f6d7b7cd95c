package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.ModerationPolicy;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModerateCommandTest {

    private static final String PROMPTS = """
            a red running shoe on a white background

            a graphic b3h3@d1ng with bl00d spr@ying, signed by marker-7f3a
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = ReelflowCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsOneDecisionPerPromptLineWithoutThePrompt() throws Exception {
        Path file = Files.writeString(dir.resolve("prompts.txt"), PROMPTS);

        int exit = execute("moderate", "--file", file.toString());

        assertThat(exit).as(err.toString()).isZero();
        List<JsonNode> decisions = decisions();
        assertThat(decisions).hasSize(2);
        String version = ModerationPolicy.load(ReelflowConfig.defaults().moderation().policy()).version();
        assertThat(decisions.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(decisions.get(0).get("decision").asText()).isEqualTo("ALLOW");
        assertThat(decisions.get(0).get("findings")).isEmpty();
        JsonNode blocked = decisions.get(1);
        assertThat(blocked.get("line").asInt()).isEqualTo(3);
        assertThat(blocked.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(blocked.get("policy_version").asText()).isEqualTo(version);
        JsonNode finding = blocked.get("findings").get(0);
        assertThat(finding.get("category").asText()).isEqualTo("violence_graphic");
        assertThat(finding.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(finding.get("field").asText()).isEqualTo("prompt");
        assertThat(finding.get("score").asDouble()).isBetween(0.7, 1.0);
        assertThat(finding.get("evidence").asText()).startsWith("beheading");
        assertThat(out.toString()).doesNotContain("marker-7f3a", "running shoe", "b3h3@d1ng");
    }

    @Test
    void moderatesAsATenantUnderItsOverlay() throws Exception {
        Path file = Files.writeString(dir.resolve("prompts.txt"), "a can of rival cola on a beach\n");
        Path overlay = Path.of("..", "examples", "moderation-acme.yaml").toAbsolutePath();
        Path config = Files.writeString(dir.resolve("reelflow.yaml"), "tenants: {known: [{id: demo, input-buckets: []},"
                + " {id: acme, input-buckets: [], moderation-policy: '" + overlay + "'}]}\n");

        assertThat(execute("moderate", "--config", config.toString(), "--file", file.toString())).isZero();
        assertThat(execute("moderate", "--config", config.toString(), "--tenant", "acme", "--file", file.toString()))
                .isZero();
        assertThat(execute("moderate", "--config", config.toString(), "--tenant", "globex", "--file", file.toString()))
                .isEqualTo(2);

        List<JsonNode> decisions = decisions();
        assertThat(decisions).extracting(d -> d.get("decision").asText()).containsExactly("ALLOW", "REVIEW");
        assertThat(decisions.get(1).get("policy_version").asText()).endsWith("+acme.3");
        assertThat(err.toString()).contains("tenant globex is not configured");
    }

    @Test
    void readsStandardInputForADash() throws Exception {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(PROMPTS.getBytes(StandardCharsets.UTF_8)));
        int exit;
        try {
            exit = execute("moderate", "--file", "-");
        } finally {
            System.setIn(stdin);
        }

        assertThat(exit).as(err.toString()).isZero();
        assertThat(decisions()).extracting(d -> d.get("decision").asText()).containsExactly("ALLOW", "BLOCK");
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThat(execute("moderate", "--file", dir.resolve("absent.txt").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("absent.txt: no such file");
        assertThat(out.toString()).isEmpty();
    }

    private List<JsonNode> decisions() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> decisions = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            decisions.add(json.readTree(line));
        }
        return decisions;
    }
}
