package io.reelflow.operators.campaign.spec;

import io.reelflow.model.ModelManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a campaign will produce and cost before anything runs: its outputs with their estimated device time, totals
 * by format and by template, and which outputs the budget covers (in the spec's order, up to the first that would go
 * over) and which it leaves out.
 */
public record CampaignPlan(CampaignDefinition campaign, List<Costed> outputs, List<Costed> covered,
        List<Costed> leftOut) {

    public record Costed(PlannedOutput output, DeviceCostModel.Estimate estimate) {}

    /** Outputs that share a format or a template, summed. */
    public record Group(String name, int outputs, long pixelFrames, double deviceSeconds) {}

    public static CampaignPlan of(CampaignDefinition campaign, ModelManifest model, DeviceCostModel cost) {
        List<Costed> outputs = campaign.outputs().stream()
                .map(o -> new Costed(o, cost.estimate(o.format(), model))).toList();
        Budget budget = campaign.budget();
        List<Costed> covered = new ArrayList<>();
        double spent = 0;
        for (Costed output : outputs) {
            double next = spent + output.estimate().deviceSeconds();
            boolean overSeconds = budget.maxDeviceSeconds() != null && next > budget.maxDeviceSeconds();
            boolean overCount = budget.maxOutputs() != null && covered.size() >= budget.maxOutputs();
            if (overSeconds || overCount) {
                break;
            }
            covered.add(output);
            spent = next;
        }
        return new CampaignPlan(campaign, outputs, List.copyOf(covered),
                List.copyOf(outputs.subList(covered.size(), outputs.size())));
    }

    public CampaignPlan {
        outputs = List.copyOf(outputs);
    }

    public double deviceSeconds() {
        return sum(outputs);
    }

    public double coveredDeviceSeconds() {
        return sum(covered);
    }

    /** By format, in the spec's order of formats. */
    public List<Group> byFormat() {
        return group(o -> o.key().format());
    }

    /** By template, in the spec's order of templates. */
    public List<Group> byTemplate() {
        return group(o -> o.key().template());
    }

    private List<Group> group(Function<PlannedOutput, String> by) {
        Map<String, List<Costed>> groups = new LinkedHashMap<>();
        for (Costed c : outputs) {
            groups.computeIfAbsent(by.apply(c.output()), k -> new ArrayList<>()).add(c);
        }
        List<Group> result = new ArrayList<>();
        groups.forEach((name, members) -> result.add(new Group(name, members.size(),
                members.stream().mapToLong(c -> pixelFrames(c.output().format())).sum(), sum(members))));
        return result;
    }

    /** Output pixels x output frames: what the encoder and the store handle for it. */
    static long pixelFrames(FormatSpec format) {
        return (long) format.width() * format.height() * format.outputFrames();
    }

    private static double sum(List<Costed> outputs) {
        return outputs.stream().mapToDouble(c -> c.estimate().deviceSeconds()).sum();
    }
}
