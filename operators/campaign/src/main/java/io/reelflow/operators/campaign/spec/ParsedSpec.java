package io.reelflow.operators.campaign.spec;

import java.util.List;
import java.util.Optional;

/**
 * A campaign spec as read: the campaign, if it has no errors, and every problem found (errors and warnings, in the
 * order of the file).
 */
public record ParsedSpec(String file, Optional<CampaignDefinition> campaign, List<SpecProblem> problems) {

    public ParsedSpec {
        problems = List.copyOf(problems);
    }

    public List<SpecProblem> errors() {
        return problems.stream().filter(SpecProblem::isError).toList();
    }

    public List<SpecProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
