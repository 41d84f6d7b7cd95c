package io.reelflow.operators.moderation;

import io.reelflow.schema.ModerationCheck;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Combines the verdicts of a request's gates into the one its result carries. */
public final class ModerationVerdicts {

    private static final Comparator<ModerationFinding> STRICTEST_FIRST =
            Comparator.comparing((ModerationFinding f) -> f.getDecision().ordinal()).reversed();

    private ModerationVerdicts() {}

    /**
     * The verdict of a gate that could not run its checks ({@code why}, e.g. a classifier's failure): BLOCK, so nothing
     * unchecked is published, with no findings and a check saying what failed. The request ends FAILED.
     */
    public static ModerationVerdict couldNotCheck(String gate, String policyVersion, String why) {
        return ModerationVerdict.newBuilder()
                .setDecision(ModerationDecision.BLOCK)
                .setPolicyVersion(policyVersion)
                .setFindings(List.of())
                .setChecks(List.of(ModerationCheck.newBuilder().setGate(gate)
                        .setSummary("could not check: " + why).build()))
                .build();
    }

    /**
     * The strictest decision of both; findings strictest decision first, then {@code earlier}'s before {@code later}'s;
     * every
     * gate's checks in order; the later policy version if they differ (a tenant overlay names the deployment's). A null
     * {@code earlier} gives {@code later}.
     */
    public static ModerationVerdict merge(ModerationVerdict earlier, ModerationVerdict later) {
        if (earlier == null) {
            return later;
        }
        ModerationDecision decision = later.getDecision().ordinal() > earlier.getDecision().ordinal()
                ? later.getDecision()
                : earlier.getDecision();
        List<ModerationFinding> findings = new ArrayList<>(earlier.getFindings());
        findings.addAll(later.getFindings());
        findings.sort(STRICTEST_FIRST); // stable: within a decision, gate order and each gate's own order stay
        List<ModerationCheck> checks = new ArrayList<>(earlier.getChecks());
        checks.addAll(later.getChecks());
        return ModerationVerdict.newBuilder()
                .setDecision(decision)
                .setPolicyVersion(later.getPolicyVersion())
                .setFindings(findings)
                .setChecks(checks)
                .build();
    }
}
