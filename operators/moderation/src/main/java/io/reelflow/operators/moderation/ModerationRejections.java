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
     * MODERATION_BLOCKED with "category: evidence" of the strongest finding for BLOCK; empty otherwise (ALLOW goes on,
     * and REVIEW goes on too: its outputs are quarantined for a reviewer).
     */
    public static Optional<Rejection> of(ModerationVerdict verdict) {
        if (verdict.getDecision() != ModerationDecision.BLOCK || verdict.getFindings().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(ErrorCode.MODERATION_BLOCKED, reason(verdict.getFindings().get(0))));
    }

    private static String reason(ModerationFinding finding) {
        String where = PromptField.PROMPT.id().equals(finding.getField())
                ? finding.getCategory()
                : finding.getCategory() + " (" + finding.getField() + ")";
        return finding.getEvidence().isEmpty() ? where : where + ": " + finding.getEvidence();
    }
}
