package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.schema.ModerationCheck;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModerationVerdictsTest {

    @Test
    void theStrictestDecisionWinsAndItsFindingComesFirst() {
        ModerationVerdict prompt = verdict(ModerationDecision.REVIEW, "prompt",
                finding("public_figure_likeness", ModerationDecision.REVIEW, "prompt"));
        ModerationVerdict output = verdict(ModerationDecision.BLOCK, "output",
                finding("sexual", ModerationDecision.BLOCK, "output"));

        ModerationVerdict merged = ModerationVerdicts.merge(prompt, output);

        assertThat(merged.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(merged.getFindings()).extracting(ModerationFinding::getCategory)
                .containsExactly("sexual", "public_figure_likeness");
        assertThat(merged.getChecks()).extracting(ModerationCheck::getGate).containsExactly("prompt", "output");
    }

    @Test
    void aLaterAllowDoesNotUndoAnEarlierReview() {
        ModerationVerdict prompt = verdict(ModerationDecision.REVIEW, "prompt",
                finding("public_figure_likeness", ModerationDecision.REVIEW, "prompt"));

        ModerationVerdict merged = ModerationVerdicts.merge(prompt, verdict(ModerationDecision.ALLOW, "output"));

        assertThat(merged.getDecision()).isEqualTo(ModerationDecision.REVIEW);
        assertThat(merged.getFindings()).hasSize(1);
        assertThat(ModerationVerdicts.merge(null, prompt)).isSameAs(prompt);
    }

    @Test
    void aGateThatCouldNotCheckBlocksAndSaysWhy() {
        ModerationVerdict failed = ModerationVerdicts.couldNotCheck("output", "p-1", "classifier nsfw.onnx failed: NaN");

        assertThat(failed.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(failed.getFindings()).isEmpty();
        assertThat(failed.getChecks()).singleElement().satisfies(c -> {
            assertThat(c.getGate()).isEqualTo("output");
            assertThat(c.getSummary()).isEqualTo("could not check: classifier nsfw.onnx failed: NaN");
        });
    }

    private static ModerationVerdict verdict(ModerationDecision decision, String gate, ModerationFinding... findings) {
        return ModerationVerdict.newBuilder()
                .setDecision(decision)
                .setPolicyVersion("test-1")
                .setFindings(List.of(findings))
                .setChecks(List.of(ModerationCheck.newBuilder().setGate(gate).setSummary("checked").build()))
                .build();
    }

    private static ModerationFinding finding(String category, ModerationDecision decision, String field) {
        return ModerationFinding.newBuilder()
                .setCategory(category).setScore(0.9).setDecision(decision).setField(field).setEvidence("e").build();
    }
}
