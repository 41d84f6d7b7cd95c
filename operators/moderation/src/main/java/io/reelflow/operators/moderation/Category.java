package io.reelflow.operators.moderation;

import java.util.Arrays;
import java.util.Optional;

/**
 * The policy's categories, aligned with the MLCommons hazard taxonomy (as used by Llama Guard 3, codes S1-S14) and
 * OpenAI's moderation categories, so a learned classifier's labels map onto them one to one.
 */
public enum Category {
    /** Sexual content. Llama Guard S12; OpenAI sexual. */
    SEXUAL("sexual"),
    /** Sexual content involving minors. Llama Guard S4; OpenAI sexual/minors. Never loosenable. */
    SEXUAL_MINORS("sexual_minors"),
    /** Graphic violence, gore. Llama Guard S1; OpenAI violence/graphic. */
    VIOLENCE_GRAPHIC("violence_graphic"),
    /** Suicide and self-harm, above all instructions. Llama Guard S11; OpenAI self-harm. */
    SELF_HARM("self_harm"),
    /** Hate against protected groups. Llama Guard S10; OpenAI hate. */
    HATE("hate"),
    /** Harassment and abuse of people. OpenAI harassment. */
    HARASSMENT("harassment"),
    /** Weapons, above all making them. Llama Guard S9 and S2; OpenAI illicit/violent. */
    ILLICIT_WEAPONS("illicit_weapons"),
    /** Real people and public figures: likeness, deepfakes. Llama Guard S5 and S7. */
    PUBLIC_FIGURE_LIKENESS("public_figure_likeness"),
    /** Election and civic misinformation. Llama Guard S13. */
    ELECTIONS_MISINFORMATION("elections_misinformation"),
    /** Intellectual property and brands. Llama Guard S8. */
    IP_BRANDS("ip_brands");

    private final String id;

    Category(String id) {
        this.id = id;
    }

    /** The name in policy files and verdicts, e.g. {@code violence_graphic}. */
    public String id() {
        return id;
    }

    public static Optional<Category> fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
