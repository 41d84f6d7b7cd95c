package io.reelflow.operators.campaign.spec;

import java.io.Serializable;

/**
 * The most a campaign may spend: estimated device seconds and/or outputs; null means no limit on that. Outputs are
 * counted in the spec's order, and the first one that would go over ends what the budget covers.
 */
public record Budget(Double maxDeviceSeconds, Integer maxOutputs) implements Serializable {

    public static final Budget NONE = new Budget(null, null);

    public boolean limited() {
        return maxDeviceSeconds != null || maxOutputs != null;
    }
}
