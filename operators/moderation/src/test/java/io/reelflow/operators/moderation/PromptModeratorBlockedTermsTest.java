package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.VisibleMark;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gate 1 with a request's own blocked terms on top of the built-in policy. */
class PromptModeratorBlockedTermsTest {

    private static final PromptModerator MODERATOR = PromptModerator.load(ReelflowConfig.defaults().moderation());

    @Test
    void aRequestsOwnTermBlocksItWhileTheSameRequestWithoutItPasses() {
        GenerationRequest plain = TestRequests.request("r", "a can of FizzCo on a picnic table", null);
        GenerationRequest branded = GenerationRequest.newBuilder(plain).setBlockedTerms(List.of("fizzco")).build();

        assertThat(MODERATOR.moderate(plain).getDecision()).isEqualTo(ModerationDecision.ALLOW);
        ModerationVerdict verdict = MODERATOR.moderate(branded);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(verdict.getFindings()).singleElement().satisfies(f -> {
            assertThat(f.getCategory()).isEqualTo("ip_brands");
            assertThat(f.getDecision()).isEqualTo(ModerationDecision.BLOCK);
            assertThat(f.getScore()).isEqualTo(1.0);
            assertThat(f.getField()).isEqualTo("prompt");
            assertThat(f.getEvidence()).isEqualTo("blocked term fizzco");
        });
        assertThat(verdict.getChecks().get(0).getSummary()).endsWith("and the request's 1 blocked terms");
        assertThat(ModerationRejections.of(verdict)).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.MODERATION_BLOCKED);
            assertThat(r.message()).isEqualTo("ip_brands: blocked term fizzco");
        });
    }

    @Test
    void blockedTermsApplyToTheNegativePromptAndTheVisibleMarkTextToo() {
        GenerationRequest request = GenerationRequest.newBuilder(
                        TestRequests.request("r", "a picnic table", "no cheap knock-off bottles"))
                .setVisibleMark(VisibleMark.newBuilder().setText("Knock Off Inc").build())
                .setBlockedTerms(List.of("knock-off"))
                .build();

        assertThat(MODERATOR.moderate(request).getFindings())
                .extracting(f -> f.getField() + ": " + f.getEvidence())
                .containsExactly("negative_prompt: blocked term knock off", "visible_mark: blocked term knock off");
    }

    @Test
    void aBlockedTermOutranksTheDeploymentsLaxIpBrandsDecision() {
        // The built-in policy only reports ip_brands ("disney" is allowed); the request's term blocks it.
        GenerationRequest request = GenerationRequest.newBuilder(
                        TestRequests.request("r", "a disney style castle", null))
                .setBlockedTerms(List.of("Disney"))
                .build();

        ModerationVerdict verdict = MODERATOR.moderate(request);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(verdict.getFindings()).extracting(f -> f.getDecision() + " " + f.getEvidence())
                .containsExactly("BLOCK blocked term disney", "ALLOW disney");
    }

    @Test
    void termsTheDecodeStageWouldRefuseMatchNothingAndDoNotBreakTheGate() {
        GenerationRequest request = GenerationRequest.newBuilder(
                        TestRequests.request("r", "a lake at dawn, .* everything", null))
                .setBlockedTerms(List.of(".*", "", "\u200B"))
                .build();

        ModerationVerdict verdict = MODERATOR.moderate(request);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.ALLOW);
        assertThat(verdict.getChecks().get(0).getSummary()).doesNotContain("blocked terms");
    }
}
