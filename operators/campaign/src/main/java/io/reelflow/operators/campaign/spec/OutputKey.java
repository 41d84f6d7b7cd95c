package io.reelflow.operators.campaign.spec;

import java.io.Serializable;

/**
 * Which output of a campaign this is, by names people chose: template, variant (built from the variable values it
 * uses) and format. Independent of where anything sits in the spec file.
 */
public record OutputKey(String campaign, String template, String variant, String format) implements Serializable {

    /** {@code campaign/format/template-variant}: the output's name for people (and for the export's file names). */
    public String path() {
        return campaign + "/" + format + "/" + template + "-" + variant;
    }

    @Override
    public String toString() {
        return path();
    }
}
