package io.reelflow.operators.moderation;

import io.reelflow.config.ModerationConfig;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.ModerationCheck;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gate 1: decides whether a request's prompt and negative prompt may be generated, under a {@link ModerationPolicy}.
 * Every classifier scores every field; per category the highest score counts, and the category's threshold and
 * decision turn it into a finding. The verdict's decision is the strictest finding's. Not thread-safe if a classifier
 * is not; one instance per operator subtask.
 */
public final class PromptModerator {

    /** Evidence items per finding; enough to explain, never a transcript of the prompt. */
    static final int MAX_EVIDENCE = 6;

    /** Strictest decision first (the enum is ordered ALLOW, REVIEW, BLOCK), then highest score, prompt first. */
    private static final Comparator<ModerationFinding> STRONGEST_FIRST = Comparator
            .comparing((ModerationFinding f) -> f.getDecision().ordinal()).reversed()
            .thenComparing(Comparator.comparingDouble(ModerationFinding::getScore).reversed())
            .thenComparing(f -> PromptField.fromId(f.getField()).orElseThrow().ordinal())
            .thenComparing(f -> Category.fromId(f.getCategory()).orElseThrow().ordinal());

    /** The gate name in verdicts' checks. */
    public static final String GATE = "prompt";

    private final ModerationPolicy policy;
    private final List<PromptClassifier> classifiers;
    private final String classifierNames;

    private PromptModerator(ModerationPolicy policy, List<PromptClassifier> classifiers) {
        this.policy = policy;
        this.classifiers = classifiers;
        this.classifierNames = String.join(" and ", classifiers.stream().map(PromptClassifier::description).toList());
    }

    private static String checkedFields(String negativePrompt, String markText) {
        List<String> fields = new ArrayList<>(List.of("prompt"));
        if (negativePrompt != null && !negativePrompt.isBlank()) {
            fields.add("negative prompt");
        }
        if (markText != null && !markText.isBlank()) {
            fields.add("visible-mark text");
        }
        return String.join(", ", fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The moderator of the configured policy with the built-in rules classifier only. */
    public static PromptModerator load(ModerationConfig config) {
        return builder().policy(ModerationPolicy.load(config.policy())).build();
    }

    public ModerationPolicy policy() {
        return policy;
    }

    /**
     * The verdict on a request's prompt, negative prompt and visible-mark text (drawn on every output frame), under
     * the policy and, on top of it, the request's own {@code blocked_terms}.
     */
    public ModerationVerdict moderate(GenerationRequest request) {
        String markText = request.getVisibleMark() == null ? null : request.getVisibleMark().getText();
        return moderate(request.getPrompt(), request.getNegativePrompt(), markText,
                BlockedTerms.of(request.getBlockedTerms()));
    }

    /** The verdict on a prompt and an optional negative prompt (null or blank: none). */
    public ModerationVerdict moderate(String prompt, String negativePrompt) {
        return moderate(prompt, negativePrompt, null, BlockedTerms.of(List.of()));
    }

    private ModerationVerdict moderate(String prompt, String negativePrompt, String markText, BlockedTerms blocked) {
        List<ModerationFinding> findings = new ArrayList<>();
        check(PromptField.PROMPT, prompt == null ? "" : prompt, blocked, findings);
        if (negativePrompt != null && !negativePrompt.isBlank()) {
            check(PromptField.NEGATIVE_PROMPT, negativePrompt, blocked, findings);
        }
        if (markText != null && !markText.isBlank()) {
            check(PromptField.VISIBLE_MARK, markText, blocked, findings);
        }
        findings.sort(STRONGEST_FIRST);
        ModerationDecision decision = findings.isEmpty() ? ModerationDecision.ALLOW : findings.get(0).getDecision();
        return ModerationVerdict.newBuilder()
                .setDecision(decision)
                .setPolicyVersion(policy.version())
                .setFindings(findings)
                .setChecks(List.of(ModerationCheck.newBuilder()
                        .setGate(GATE)
                        .setSummary(checkedFields(negativePrompt, markText) + " by " + classifierNames
                                + (blocked.size() == 0 ? "" : " and the request's " + blocked.size() + " blocked terms"))
                        .build()))
                .build();
    }

    private void check(PromptField field, String text, BlockedTerms blocked, List<ModerationFinding> findings) {
        List<String> terms = blocked.find(text);
        if (!terms.isEmpty()) {
            // Whatever the policy decides for ip_brands: the request itself asked for these to be refused.
            findings.add(ModerationFinding.newBuilder()
                    .setCategory(Category.IP_BRANDS.id())
                    .setScore(1.0)
                    .setDecision(ModerationDecision.BLOCK)
                    .setField(field.id())
                    .setEvidence((terms.size() == 1 ? "blocked term " : "blocked terms ")
                            + String.join(", ", terms.subList(0, Math.min(terms.size(), MAX_EVIDENCE))))
                    .build());
        }
        Map<Category, CategoryScore> strongest = new EnumMap<>(Category.class);
        for (PromptClassifier classifier : classifiers) {
            for (CategoryScore score : classifier.classify(text)) {
                strongest.merge(score.category(), score, (a, b) -> b.score() > a.score() ? b : a);
            }
        }
        strongest.forEach((category, score) -> {
            CategoryPolicy rules = policy.categories().get(category);
            double rounded = Math.round(score.score() * 1000) / 1000.0;
            PromptField applies = field == PromptField.VISIBLE_MARK ? PromptField.PROMPT : field;
            if (rules == null || !rules.fields().contains(applies) || rounded == 0) {
                return;
            }
            List<String> evidence = score.evidence();
            findings.add(ModerationFinding.newBuilder()
                    .setCategory(category.id())
                    .setScore(rounded)
                    .setDecision(rules.decide(rounded))
                    .setField(field.id())
                    .setEvidence(String.join(", ", evidence.subList(0, Math.min(evidence.size(), MAX_EVIDENCE))))
                    .build());
        });
    }

    public static final class Builder {
        private ModerationPolicy policy;
        private final List<PromptClassifier> extra = new ArrayList<>();

        private Builder() {}

        public Builder policy(ModerationPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** Adds a classifier next to the built-in rules, e.g. a learned one; its scores count where they are higher. */
        public Builder classifier(PromptClassifier classifier) {
            extra.add(Objects.requireNonNull(classifier, "classifier"));
            return this;
        }

        public PromptModerator build() {
            if (policy == null) {
                throw new IllegalStateException("a policy is required");
            }
            List<PromptClassifier> classifiers = new ArrayList<>();
            classifiers.add(new RulesClassifier(policy));
            classifiers.addAll(extra);
            return new PromptModerator(policy, List.copyOf(classifiers));
        }
    }
}
