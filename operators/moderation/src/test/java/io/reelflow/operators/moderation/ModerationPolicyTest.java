package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.schema.ModerationDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModerationPolicyTest {

    /** A small valid policy; the error cases below change one line of it. */
    private static final String VALID = """
            version: "t-1"
            allow-contexts: [bloody mary]
            lexicons:
              minors: {terms: [kid, kids]}
            categories:
              sexual:
                decision: block
                threshold: 0.7
                fields: [prompt]
                terms: {nude: 0.5}
              sexual_minors:
                decision: block
                threshold: 0.5
              violence_graphic:
                decision: block
                threshold: 0.7
                loosenable: true
                terms: {behead*: 0.9, bloody: 0.3}
            combinations:
              - category: sexual_minors
                score: 1.0
                all-of: [{lexicon: minors}, {category: sexual, min-weight: 0.5}]
            """;

    @Test
    void readsEveryPartOfAPolicy() {
        ModerationPolicy policy = ModerationPolicy.parse(VALID, "test");

        assertThat(policy.version()).isEqualTo("t-1");
        assertThat(policy.allowContexts()).containsExactly("bloody mary");
        assertThat(policy.lexicons().get("minors").terms()).containsExactly("kid", "kids");
        CategoryPolicy sexual = policy.category(Category.SEXUAL).orElseThrow();
        assertThat(sexual.decision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(sexual.threshold()).isEqualTo(0.7);
        assertThat(sexual.fields()).containsExactly(PromptField.PROMPT);
        assertThat(sexual.terms()).containsEntry("nude", 0.5);
        assertThat(sexual.loosenable()).isFalse();
        assertThat(policy.category(Category.VIOLENCE_GRAPHIC).orElseThrow().loosenable()).isTrue();
        assertThat(policy.category(Category.VIOLENCE_GRAPHIC).orElseThrow().fields())
                .isEqualTo(EnumSet.of(PromptField.PROMPT, PromptField.NEGATIVE_PROMPT));
        assertThat(policy.category(Category.HATE)).isEmpty();
        assertThat(policy.combinations()).singleElement().satisfies(c -> {
            assertThat(c.category()).isEqualTo(Category.SEXUAL_MINORS);
            assertThat(c.allOf()).containsExactly(new Combination.AnyOfLexicon("minors"),
                    new Combination.AnyOfCategory(Category.SEXUAL, 0.5));
        });
    }

    @Test
    void theBuiltInPolicyIsTheConfiguredDefaultAndCoversEveryCategory() {
        ModerationPolicy policy = ModerationPolicy.load(ReelflowConfig.defaults().moderation().policy());

        assertThat(policy.version()).isNotBlank();
        assertThat(policy.categories()).containsOnlyKeys(Category.values());
        assertThat(policy.category(Category.SEXUAL_MINORS).orElseThrow().decision())
                .isEqualTo(ModerationDecision.BLOCK);
        assertThat(policy.category(Category.IP_BRANDS).orElseThrow().decision()).isEqualTo(ModerationDecision.ALLOW);
        assertThat(policy.categories().values()).filteredOn(CategoryPolicy::loosenable)
                .extracting(CategoryPolicy::category)
                .containsExactlyInAnyOrder(
                        Category.VIOLENCE_GRAPHIC, Category.PUBLIC_FIGURE_LIKENESS, Category.IP_BRANDS);
    }

    @Test
    void loadsAPolicyFileByPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, VALID);

        assertThat(ModerationPolicy.load(file.toString()).version()).isEqualTo("t-1");
    }

    @Test
    void saysWhichPolicyIsMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> ModerationPolicy.load(dir.resolve("nope.yaml").toString()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("nope.yaml does not exist");
        assertThatThrownBy(() -> ModerationPolicy.load("classpath:moderation/nope.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("classpath:moderation/nope.yaml is not on the classpath");
    }

    /** One line of {@link #VALID} replaced, and what the error must say. */
    record BadPolicy(String what, String line, String replacement, String error) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<BadPolicy> badPolicies() {
        return List.of(
                new BadPolicy("unknown root key", "version: \"t-1\"", "version: \"t-1\"\nowner: me",
                        "unknown key 'owner'"),
                new BadPolicy("missing version", "version: \"t-1\"", "", "'version' is missing"),
                new BadPolicy("decimal version", "version: \"t-1\"", "version: 2026.10",
                        "version: 2026.1 reads as a decimal number; quote it"),
                new BadPolicy("minors loosenable", "decision: block\n    threshold: 0.5",
                        "decision: block\n    loosenable: true\n    threshold: 0.5",
                        "category sexual_minors: can never be loosenable"),
                new BadPolicy("loosenable not a boolean", "loosenable: true", "loosenable: sometimes",
                        "categories.violence_graphic.loosenable: expected true or false, got 'sometimes'"),
                new BadPolicy("unknown category", "  violence_graphic:", "  violance_graphic:",
                        "unknown category 'violance_graphic'"),
                new BadPolicy("unknown category key", "    fields: [prompt]", "    feilds: [prompt]",
                        "categories.sexual: unknown key 'feilds'"),
                new BadPolicy("threshold above 1", "threshold: 0.7", "threshold: 1.5",
                        "category sexual: threshold 1.5 is outside [0, 1]"),
                new BadPolicy("negative threshold", "threshold: 0.5", "threshold: -0.1",
                        "category sexual_minors: threshold -0.1 is outside [0, 1]"),
                new BadPolicy("threshold not a number", "threshold: 0.5", "threshold: high",
                        "categories.sexual_minors.threshold: expected a number, got 'high'"),
                new BadPolicy("unknown decision", "decision: block\n    threshold: 0.5",
                        "decision: deny\n    threshold: 0.5",
                        "categories.sexual_minors.decision: unknown decision 'deny' (expected block, review or allow)"),
                new BadPolicy("missing decision", "decision: block\n    threshold: 0.5", "threshold: 0.5",
                        "categories.sexual_minors: 'decision' is missing"),
                new BadPolicy("unknown field", "fields: [prompt]", "fields: [title]", "unknown field 'title'"),
                new BadPolicy("weight above 1", "nude: 0.5", "nude: 1.5", "term 'nude' has weight 1.5, outside (0, 1]"),
                new BadPolicy("weight zero", "nude: 0.5", "nude: 0", "term 'nude' has weight 0.0, outside (0, 1]"),
                new BadPolicy("short wildcard", "behead*: 0.9", "be*: 0.9", "a '*' needs at least 3 letters"),
                new BadPolicy("same term twice", "bloody: 0.3", "be head: 0.3, behead: 0.4",
                        "terms 'be head' and 'behead' match the same words"),
                new BadPolicy("duplicate key", "bloody: 0.3", "bloody: 0.3, bloody: 0.4", "not valid YAML"),
                new BadPolicy("terms as a list", "{behead*: 0.9, bloody: 0.3}", "[behead, bloody]",
                        "terms: expected a map, got a list"),
                new BadPolicy("unknown lexicon", "{lexicon: minors}", "{lexicon: children}",
                        "unknown lexicon 'children' (defined: minors)"),
                new BadPolicy("undefined category", "{category: sexual, min-weight: 0.5}", "{category: hate}",
                        "category hate is not defined in this policy"),
                new BadPolicy("lexicon and category", "{lexicon: minors}", "{lexicon: minors, category: sexual}",
                        "name either a lexicon or a category"),
                new BadPolicy("min-weight on lexicon", "{lexicon: minors}", "{lexicon: minors, min-weight: 0.2}",
                        "min-weight applies to categories"),
                new BadPolicy("combination score", "score: 1.0", "score: 2", "score 2.0 is outside (0, 1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPolicies")
    void rejectsBadPoliciesWhenLoadingWithAClearMessage(BadPolicy bad) {
        String yaml = VALID.replaceFirst(Pattern.quote(bad.line()), Matcher.quoteReplacement(bad.replacement()));
        assertThat(yaml).as("test setup").isNotEqualTo(VALID);

        assertThatThrownBy(() -> ModerationPolicy.parse(yaml, "my-policy.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("my-policy.yaml: ")
                .hasMessageContaining(bad.error());
    }

    @Test
    void rejectsAnEmptyPolicy() {
        assertThatThrownBy(() -> ModerationPolicy.parse("", "empty.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("empty.yaml: the policy is empty");
    }

}
