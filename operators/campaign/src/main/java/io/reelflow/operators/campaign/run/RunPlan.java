package io.reelflow.operators.campaign.run;

import io.reelflow.operators.campaign.spec.Budget;
import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.operators.campaign.spec.CampaignPlan;
import io.reelflow.operators.campaign.spec.CampaignPlan.Costed;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import io.reelflow.schema.GenerationRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one run of a campaign does, decided from its plan and its ledger before anything starts: outputs whose record
 * says they exist are skipped; the others run, in the spec's order, while the budget covers them; the rest are left
 * out with the reason. The budget counts what earlier runs spent (their measured device time, and their outputs), so
 * rerunning a campaign never spends past it.
 *
 * @param done outputs that exist, each with its record
 * @param toRun outputs to produce now
 * @param leftOut outputs the budget does not cover
 * @param spentBefore device seconds earlier runs of the campaign spent
 */
public record RunPlan(List<Done> done, List<ToRun> toRun, List<LeftOut> leftOut, double spentBefore) {

    public record Done(PlannedOutput output, LedgerRecord record) {}

    /**
     * An output to produce now: its request, which is the planned one except that an output with an earlier record
     * (it failed, or was refused) gets a new id for this run, since its first id may already be spent in the serving
     * job's de-duplication; the {@value CampaignDefinition#OUTPUT_LABEL} label still names the output.
     *
     * @param estimateSeconds the device time the budget counted for it
     */
    public record ToRun(PlannedOutput output, GenerationRequest request, double estimateSeconds) {
        public ToRun {
            request = GenerationRequest.newBuilder(request).build();
        }

        @Override
        public GenerationRequest request() {
            return GenerationRequest.newBuilder(request).build();
        }
    }

    public record LeftOut(PlannedOutput output, String reason) {}

    public RunPlan {
        done = List.copyOf(done);
        toRun = List.copyOf(toRun);
        leftOut = List.copyOf(leftOut);
    }

    public static RunPlan of(CampaignPlan plan, Map<String, LedgerRecord> ledger, Instant runStart) {
        Budget budget = plan.campaign().budget();
        double spentBefore = CampaignLedger.spentSeconds(ledger.values());
        List<Done> done = new ArrayList<>();
        List<ToRun> toRun = new ArrayList<>();
        String attempt = "-r" + Long.toString(runStart.getEpochSecond(), 36);
        List<LeftOut> leftOut = new ArrayList<>();
        double committed = spentBefore;
        String overBudget = null;
        for (Costed costed : plan.outputs()) {
            LedgerRecord record = ledger.get(costed.output().requestId());
            if (record != null && record.done()) {
                done.add(new Done(costed.output(), record));
            }
        }
        int outputs = done.size();
        for (Costed costed : plan.outputs()) {
            LedgerRecord record = ledger.get(costed.output().requestId());
            if (record != null && record.done()) {
                continue;
            }
            double needs = costed.estimate().deviceSeconds();
            if (overBudget == null && budget.maxOutputs() != null && outputs >= budget.maxOutputs()) {
                overBudget = "budget max-outputs " + budget.maxOutputs() + " reached";
            } else if (overBudget == null && budget.maxDeviceSeconds() != null
                    && committed + needs > budget.maxDeviceSeconds()) {
                overBudget = String.format(Locale.ROOT,
                        "budget max-device-seconds %s reached: %.1f s spent or planned, the next output needs ~%.1f s",
                        budget.maxDeviceSeconds(), committed, needs);
            }
            if (overBudget != null) {
                leftOut.add(new LeftOut(costed.output(), overBudget));
            } else {
                GenerationRequest request = costed.output().request(runStart);
                if (record != null) {
                    request.setRequestId(costed.output().requestId() + attempt);
                }
                toRun.add(new ToRun(costed.output(), request, needs));
                committed += needs;
                outputs++;
            }
        }
        return new RunPlan(done, toRun, leftOut, spentBefore);
    }

    /** Estimated device seconds of the outputs to run. */
    public double toRunSeconds() {
        return toRun.stream().mapToDouble(ToRun::estimateSeconds).sum();
    }
}
