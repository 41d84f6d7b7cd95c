package io.reelflow.operators.moderation;

import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Rejection;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.util.Optional;

/** Why a verdict ends a request, in the words results and events carry. */
public final class ModerationRejections {

    private ModerationRejections() {}

    /**
     * Empty for ALLOW. BLOCK: MODERATION_BLOCKED with "category: evidence" of the strongest finding. REVIEW:
     * MODERATION_REVIEW, saying that the request needs a human and this deployment has no review queue yet.
     */
    public static Optional<Rejection> of(ModerationVerdict verdict) {
        if (verdict.getDecision() == ModerationDecision.ALLOW || verdict.getFindings().isEmpty()) {
            return Optional.empty();
        }
        String reason = reason(verdict.getFindings().get(0));
        if (verdict.getDecision() == ModerationDecision.BLOCK) {
            return Optional.of(Rejection.of(ErrorCode.MODERATION_BLOCKED, reason));
        }
        return Optional.of(Rejection.of(ErrorCode.MODERATION_REVIEW,
                reason + "; needs human review, and this deployment has no review queue yet"));
    }

    private static String reason(ModerationFinding finding) {
        String where = PromptField.PROMPT.id().equals(finding.getField())
                ? finding.getCategory()
                : finding.getCategory() + " (" + finding.getField() + ")";
        return finding.getEvidence().isEmpty() ? where : where + ": " + finding.getEvidence();
    }
}
