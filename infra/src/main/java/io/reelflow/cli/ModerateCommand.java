package io.reelflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.PromptModerator;
import io.reelflow.operators.moderation.TenantModerators;
import io.reelflow.operators.moderation.TenantPolicies;
import io.reelflow.operators.moderation.djl.DjlPromptClassifier;
import io.reelflow.operators.moderation.djl.LearnedClassifiers;
import java.util.List;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs gate 1 (prompt moderation) over a file of prompts, so anyone can check a corpus against the policy. */
@Command(name = "moderate", mixinStandardHelpOptions = true,
        description = {"Moderate prompts with the configured policy (moderation.policy), one prompt per line.",
            "Prints one JSON object per prompt: its line number, the decision (ALLOW, REVIEW or BLOCK), the policy"
                    + " version and the findings (category, score, decision, field, evidence). The prompt itself is"
                    + " never printed: it may be hostile, and the line number identifies it. Blank lines are skipped.",
            "Exit code: 0 when every line was moderated, 2 usage error (no such file)."})
final class ModerateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "PROMPTS",
            description = "UTF-8 text, one prompt per line; - reads standard input.")
    String file;

    @Option(names = "--tenant", paramLabel = "ID",
            description = "Moderate as this tenant: its policy overlay (tenants.known[].moderation-policy) applies.")
    String tenant;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Path path = file.equals("-") ? null : Path.of(file);
        if (path != null && !Files.isRegularFile(path)) {
            throw new ParameterException(spec.commandLine(), file + ": no such file");
        }
        ReelflowConfig cfg = config.load();
        if (tenant != null && cfg.tenants().find(tenant).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "tenant " + tenant + " is not configured");
        }
        // The same moderators as the job's prompt gate, learned text classifier included.
        PromptModerator moderator;
        TenantPolicies policies = TenantPolicies.load(cfg.moderation(), cfg.tenants());
        try (DjlPromptClassifier learned = LearnedClassifiers.text(cfg.moderation(), policies.deployment())
                .orElse(null)) {
            moderator = TenantModerators.of(policies, learned == null ? List.of() : List.of(learned))
                    .forTenant(tenant == null ? "" : tenant);
            return moderateAll(path, moderator, stdout);
        }
    }

    private Integer moderateAll(Path path, PromptModerator moderator, PrintWriter stdout) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = path == null
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (!line.isBlank()) {
                    stdout.println(json.writeValueAsString(decision(json, number, moderator.moderate(line, null))));
                }
            }
        }
        stdout.flush();
        return 0;
    }

    private static ObjectNode decision(ObjectMapper json, int line, ModerationVerdict verdict) {
        ObjectNode out = json.createObjectNode()
                .put("line", line)
                .put("decision", verdict.getDecision().name())
                .put("policy_version", verdict.getPolicyVersion());
        ArrayNode findings = out.putArray("findings");
        for (ModerationFinding finding : verdict.getFindings()) {
            findings.addObject()
                    .put("category", finding.getCategory())
                    .put("score", finding.getScore())
                    .put("decision", finding.getDecision().name())
                    .put("field", finding.getField())
                    .put("evidence", finding.getEvidence());
        }
        return out;
    }
}
