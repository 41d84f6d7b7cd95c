package io.reelflow.operators.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.operators.campaign.spec.CampaignPlan;
import io.reelflow.operators.campaign.spec.DeviceCostModel;
import io.reelflow.operators.campaign.spec.PlannedOutput;
import io.reelflow.operators.campaign.spec.Specs;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlanTest {

    @TempDir
    Path dir;

    private static final DeviceCostModel COST = new DeviceCostModel(0.02);
    private static final Instant RUN_START = Instant.parse("2025-03-01T12:00:00Z");
    /** 24 steps x 0.02 s for a square, 13 windows x 24 steps x 0.02 s for a 10 s clip. */
    private static final double SQUARE = 0.48;
    private static final double CLIP = 6.24;

    /** Outputs in order: teapot square, teapot clip, jug square, jug clip, basket ..., bowl ... */
    private static final String SPEC = """
            campaign: spring
            tenant: demo
            templates:
              hero: "close-up of {product}"
            variables:
              product: [teapot, jug, basket, bowl]
            cross: [product]
            formats:
              square: image 256x256
              clip: video 256x144 10s
            """;

    private CampaignPlan plan(String yaml) throws Exception {
        Path sub = Files.createTempDirectory(dir, "spec");
        CampaignDefinition campaign = Specs.campaign(sub, yaml);
        return CampaignPlan.of(campaign, Specs.CATALOG.find(campaign.model()).orElseThrow(), COST);
    }

    private static List<PlannedOutput> outputs(CampaignPlan plan) {
        return plan.outputs().stream().map(CampaignPlan.Costed::output).toList();
    }

    private static List<String> ids(List<PlannedOutput> outputs) {
        return outputs.stream().map(PlannedOutput::requestId).toList();
    }

    @Test
    void theCostsThisTestCountsOnAreThePlans() throws Exception {
        CampaignPlan plan = plan(SPEC);
        assertThat(plan.outputs()).extracting(c -> c.estimate().deviceSeconds())
                .containsExactly(SQUARE, CLIP, SQUARE, CLIP, SQUARE, CLIP, SQUARE, CLIP);
    }

    @Test
    void outputsThatExistAreSkippedAndFailedOnesRerunUnderANewIdForTheSameOutput() throws Exception {
        CampaignPlan plan = plan(SPEC);
        List<PlannedOutput> o = outputs(plan);
        Map<String, LedgerRecord> ledger = new HashMap<>();
        ledger.put(o.get(0).requestId(), LedgerFixtures.finished(o.get(0), ResultStatus.SUCCEEDED, 400));
        ledger.put(o.get(1).requestId(), LedgerFixtures.held(o.get(1), 6000));
        ledger.put(o.get(2).requestId(), LedgerFixtures.finished(o.get(2), ResultStatus.FAILED, 300));
        ledger.put(o.get(3).requestId(), LedgerFixtures.finished(o.get(3), ResultStatus.REJECTED, 0));
        ledger.put("spring-0000000000000000", LedgerFixtures.finished(o.get(4), ResultStatus.SUCCEEDED, 100));

        RunPlan run = RunPlan.of(plan, CampaignLedger.Ledger.of(ledger), RUN_START);

        assertThat(run.done()).extracting(RunPlan.Done::output).containsExactly(o.get(0), o.get(1));
        assertThat(run.done()).extracting(RunPlan.Done::record)
                .containsExactly(ledger.get(o.get(0).requestId()), ledger.get(o.get(1).requestId()));
        assertThat(run.toRun()).extracting(RunPlan.ToRun::output).containsExactlyElementsOf(o.subList(2, 8));
        assertThat(run.leftOut()).isEmpty();
        assertThat(run.spentBefore()).isCloseTo(0.4 + 6.0 + 0.3 + 0.1, within(1e-9));

        String attempt = "-r" + Long.toString(RUN_START.getEpochSecond(), 36);
        List<GenerationRequest> requests = run.toRun().stream().map(RunPlan.ToRun::request).toList();
        assertThat(requests).extracting(r -> r.getRequestId().toString()).containsExactly(
                o.get(2).requestId() + attempt, o.get(3).requestId() + attempt, o.get(4).requestId(),
                o.get(5).requestId(), o.get(6).requestId(), o.get(7).requestId());
        for (int i = 0; i < requests.size(); i++) {
            PlannedOutput output = o.get(i + 2);
            GenerationRequest request = requests.get(i);
            assertThat(request.getLabels()).containsEntry(CampaignDefinition.OUTPUT_LABEL, output.requestId());
            assertThat(request.getSubmittedAt()).isEqualTo(RUN_START);
            assertThat(request.getPrompt()).isEqualTo(output.request().getPrompt());
            assertThat(request.getSeed()).isEqualTo(output.seed());
        }
        assertThat(run.toRunSeconds()).isCloseTo(3 * SQUARE + 3 * CLIP, within(1e-9));
    }

    @Test
    void maxOutputsCountsTheOutputsThatExistAndLeavesOutTheRest() throws Exception {
        CampaignPlan plan = plan(SPEC + "budget: {max-outputs: 5}\n");
        List<PlannedOutput> o = outputs(plan);
        Map<String, LedgerRecord> ledger = Map.of(
                o.get(0).requestId(), LedgerFixtures.finished(o.get(0), ResultStatus.SUCCEEDED, 400),
                o.get(1).requestId(), LedgerFixtures.finished(o.get(1), ResultStatus.FAILED, 0),
                o.get(2).requestId(), LedgerFixtures.held(o.get(2), 400));

        RunPlan run = RunPlan.of(plan, CampaignLedger.Ledger.of(ledger), RUN_START);

        assertThat(run.done()).hasSize(2);
        assertThat(run.toRun()).extracting(RunPlan.ToRun::output).containsExactly(o.get(1), o.get(3), o.get(4));
        assertThat(run.leftOut()).extracting(RunPlan.LeftOut::output).containsExactly(o.get(5), o.get(6), o.get(7));
        assertThat(run.leftOut()).extracting(RunPlan.LeftOut::reason).containsOnly("budget max-outputs 5 reached");

        RunPlan rerun = RunPlan.of(plan, CampaignLedger.Ledger.of(withAllOf(run, ledger)), RUN_START.plusSeconds(60));
        assertThat(rerun.toRun()).isEmpty();
        assertThat(rerun.leftOut()).hasSize(3);
    }

    /** The ledger after {@code run}'s outputs all succeeded. */
    private static Map<String, LedgerRecord> withAllOf(RunPlan run, Map<String, LedgerRecord> ledger) {
        Map<String, LedgerRecord> after = new HashMap<>(ledger);
        run.toRun().forEach(t -> after.put(t.output().requestId(),
                LedgerFixtures.finished(t.output(), ResultStatus.SUCCEEDED, 100)));
        return after;
    }

    @Test
    void maxDeviceSecondsCountsWhatEarlierRunsSpentAndStopsAtTheFirstOutputThatWouldGoOver() throws Exception {
        CampaignPlan plan = plan(SPEC + "budget: {max-device-seconds: 10.5}\n");
        List<PlannedOutput> o = outputs(plan);

        // nothing spent yet: 0.48 + 6.24 + 0.48 fit, the jug's clip (13.44) does not
        RunPlan fresh = RunPlan.of(plan, CampaignLedger.Ledger.EMPTY, RUN_START);
        assertThat(fresh.toRun()).extracting(RunPlan.ToRun::output).containsExactly(o.get(0), o.get(1), o.get(2));

        // an earlier run spent 4 s failing the first square and 1 s storing the jug's square
        Map<String, LedgerRecord> ledger = Map.of(
                o.get(0).requestId(), LedgerFixtures.finished(o.get(0), ResultStatus.FAILED, 4000),
                o.get(2).requestId(), LedgerFixtures.finished(o.get(2), ResultStatus.SUCCEEDED, 1000));
        RunPlan run = RunPlan.of(plan, CampaignLedger.Ledger.of(ledger), RUN_START);

        assertThat(run.spentBefore()).isEqualTo(5.0);
        assertThat(run.done()).extracting(RunPlan.Done::output).containsExactly(o.get(2));
        assertThat(run.toRun()).extracting(RunPlan.ToRun::output).containsExactly(o.get(0));
        assertThat(run.toRun().get(0).estimateSeconds()).isEqualTo(SQUARE);
        // 5.48 + 6.24 > 10.5: the teapot's clip ends the run, and the squares after it (which would fit) wait too
        assertThat(run.leftOut()).extracting(RunPlan.LeftOut::output)
                .containsExactly(o.get(1), o.get(3), o.get(4), o.get(5), o.get(6), o.get(7));
        assertThat(run.leftOut()).extracting(RunPlan.LeftOut::reason).containsOnly("budget max-device-seconds 10.5 "
                + "reached: 5.5 s spent or planned, the next output needs ~6.2 s");
    }

    @Test
    void aChangedSpecRerunsOnlyTheOutputsItChanged() throws Exception {
        String before = """
                campaign: spring
                tenant: demo
                templates:
                  table: "{product} on a {season} table"
                  hero: "close-up of {product}"
                variables:
                  product: [teapot, jug, basket]
                  season: [spring, summer]
                cross: [product, season]
                formats:
                  square: image 256x256
                  clip: video 256x144 1s
                """;
        CampaignPlan first = plan(before);
        Map<String, LedgerRecord> ledger = new HashMap<>();
        outputs(first).forEach(out -> ledger.put(out.requestId(),
                LedgerFixtures.finished(out, ResultStatus.SUCCEEDED, 100)));
        CampaignPlan second = plan(before.replace("season: [spring, summer]", "season: [spring, autumn]"));

        RunPlan run = RunPlan.of(second, CampaignLedger.Ledger.of(ledger), RUN_START);

        List<PlannedOutput> changed = outputs(second).stream()
                .filter(out -> "autumn".equals(out.variables().get("season"))).toList();
        assertThat(changed).hasSize(3 * 2); // the table template's autumn variants; hero has no season
        assertThat(run.toRun()).extracting(t -> t.output().requestId()).containsExactlyElementsOf(ids(changed));
        assertThat(run.toRun()).extracting(t -> t.request().getRequestId().toString())
                .containsExactlyElementsOf(ids(changed));
        assertThat(ids(changed)).doesNotContainAnyElementsOf(ledger.keySet());
        assertThat(run.done()).hasSize(18 - 6);
        assertThat(run.done()).extracting(d -> d.output().requestId()).allMatch(ledger::containsKey);
    }

    @Test
    void outputsModerationOrAReviewerRefusedAreNotRetriedNorCountedAsOutputs() throws Exception {
        CampaignPlan plan = plan(SPEC + "budget:\n  max-outputs: 2\n");
        List<PlannedOutput> o = outputs(plan);
        Map<String, LedgerRecord> ledger = new HashMap<>();
        ledger.put(o.get(0).requestId(), new LedgerRecord.Finished(refused(o.get(0), "MODERATION_BLOCKED")));
        ledger.put(o.get(1).requestId(), new LedgerRecord.Finished(refused(o.get(1), "REVIEW_REJECTED")));
        ledger.put(o.get(2).requestId(), new LedgerRecord.Finished(refused(o.get(2), "GENERATION_TIMEOUT")));

        RunPlan run = RunPlan.of(plan, CampaignLedger.Ledger.of(ledger), RUN_START);

        assertThat(run.done()).extracting(d -> d.output().requestId())
                .containsExactly(o.get(0).requestId(), o.get(1).requestId());
        // the two refused outputs do not use the budget of 2 outputs: the timed-out one and the next run
        assertThat(run.toRun()).extracting(t -> t.output().requestId())
                .containsExactly(o.get(2).requestId(), o.get(3).requestId());
        assertThat(run.leftOut()).hasSize(4);
    }

    @Test
    void measuredDeviceTimeStopsARunAtItsBudgetAndLeavesItsUnfinishedOutputsOut() throws Exception {
        CampaignPlan plan = plan(SPEC + "budget:\n  max-device-seconds: 20\n");
        List<PlannedOutput> o = outputs(plan);
        Map<String, LedgerRecord> ledger = new HashMap<>();
        ledger.put(o.get(0).requestId(), LedgerFixtures.finished(o.get(0), ResultStatus.SUCCEEDED, 5000));
        RunPlan run = RunPlan.of(plan, CampaignLedger.Ledger.of(ledger), RUN_START);
        assertThat(run.toRun()).hasSize(4); // 5 s spent, then clip, square, clip, square: 18.44 s by the estimates

        assertThat(run.overBudget(14.9)).isEmpty();
        String reason = run.overBudget(15.0).orElseThrow();
        assertThat(reason).isEqualTo(
                "budget max-device-seconds 20.0 reached during the run: 20.0 s spent, 15.0 s of it measured in this run");

        RunPlan stopped = run.stopped(java.util.Set.of(o.get(3).requestId(), o.get(4).requestId()), reason);
        assertThat(stopped.toRun()).extracting(t -> t.output().requestId())
                .containsExactly(o.get(1).requestId(), o.get(2).requestId());
        assertThat(stopped.leftOut()).extracting(l -> l.output().requestId(), RunPlan.LeftOut::reason).startsWith(
                org.assertj.core.groups.Tuple.tuple(o.get(3).requestId(), reason),
                org.assertj.core.groups.Tuple.tuple(o.get(4).requestId(), reason));
        assertThat(stopped.leftOut()).hasSize(run.leftOut().size() + 2);
        assertThat(RunPlan.of(plan(SPEC), CampaignLedger.Ledger.EMPTY, RUN_START).overBudget(1e9)).isEmpty();
    }

    private static GenerationResult refused(PlannedOutput output, String code) {
        return GenerationResult.newBuilder(LedgerFixtures.result(output, ResultStatus.REJECTED, 0))
                .setErrorCode(code).build();
    }
}
