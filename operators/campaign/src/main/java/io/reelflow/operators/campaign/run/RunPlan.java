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
import java.util.Optional;
import java.util.Set;

/**
 * What one run of a campaign does, decided from its plan and its ledger before anything starts: outputs whose record
 * settles them (they exist, or moderation or a reviewer refused them) are skipped; the others run, in the spec's order,
 * while the budget covers them; the rest are left out with the reason. The budget counts what earlier runs spent (the
 * measured device time of every attempt, and the outputs that exist), so rerunning a campaign does not spend past it
 * by the estimates.
 *
 * @param done outputs a record settles, each with it
 * @param toRun outputs to produce now
 * @param leftOut outputs the budget does not cover
 * @param spentBefore device seconds earlier runs of the campaign spent
 * @param budget the campaign's budget
 */
public record RunPlan(List<Done> done, List<ToRun> toRun, List<LeftOut> leftOut, double spentBefore, Budget budget) {

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

    public static RunPlan of(CampaignPlan plan, CampaignLedger.Ledger ledger, Instant runStart) {
        Budget budget = plan.campaign().budget();
        double spentBefore = ledger.spentSeconds();
        List<Done> done = new ArrayList<>();
        List<ToRun> toRun = new ArrayList<>();
        List<LeftOut> leftOut = new ArrayList<>();
        double committed = spentBefore;
        String overBudget = null;
        for (Costed costed : plan.outputs()) {
            LedgerRecord record = ledger.outputs().get(costed.output().requestId());
            if (record != null && record.settled()) {
                done.add(new Done(costed.output(), record));
            }
        }
        int outputs = (int) done.stream().filter(d -> d.record().done()).count();
        for (Costed costed : plan.outputs()) {
            LedgerRecord record = ledger.outputs().get(costed.output().requestId());
            if (record != null && record.settled()) {
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
                    request.setRequestId(CampaignLedger.retryId(costed.output().requestId(), runStart));
                }
                toRun.add(new ToRun(costed.output(), request, needs));
                committed += needs;
                outputs++;
            }
        }
        return new RunPlan(done, toRun, leftOut, spentBefore, budget);
    }

    /**
     * Whether the device time this run has measured so far ({@code measuredSeconds}, its finished outputs') brings the
     * campaign to its {@code max-device-seconds}: the estimates admitted the run, the measurements stop it, so a
     * campaign whose devices are slower than the configured estimate still stops at its budget. The reason if so.
     */
    public Optional<String> overBudget(double measuredSeconds) {
        if (budget.maxDeviceSeconds() == null || spentBefore + measuredSeconds < budget.maxDeviceSeconds()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "budget max-device-seconds %s reached during the run: %.1f s spent, %.1f s of it measured in this run",
                budget.maxDeviceSeconds(), spentBefore + measuredSeconds, measuredSeconds));
    }

    /**
     * This run as stopped by its budget: the outputs it had not finished ({@code unfinished}, by output id) are left
     * out for {@code reason}, after those the plan left out.
     */
    public RunPlan stopped(Set<String> unfinished, String reason) {
        List<ToRun> ran = toRun.stream().filter(t -> !unfinished.contains(t.output().requestId())).toList();
        List<LeftOut> left = new ArrayList<>(toRun.stream().filter(t -> unfinished.contains(t.output().requestId()))
                .map(t -> new LeftOut(t.output(), reason)).toList());
        left.addAll(leftOut);
        return new RunPlan(done, ran, left, spentBefore, budget);
    }

    /** Estimated device seconds of the outputs to run. */
    public double toRunSeconds() {
        return toRun.stream().mapToDouble(ToRun::estimateSeconds).sum();
    }
}
