package io.reelflow.operators.moderation;

import java.util.Arrays;
import java.util.Optional;

/** The request fields prompt moderation checks, named as in findings. */
public enum PromptField {
    PROMPT("prompt"),
    NEGATIVE_PROMPT("negative_prompt"),
    /** The text of a visible mark drawn on every output frame: checked under the categories that apply to prompts. */
    VISIBLE_MARK("visible_mark");

    private final String id;

    PromptField(String id) {
        this.id = id;
    }

    /** The name in policy files and findings. */
    public String id() {
        return id;
    }

    public static Optional<PromptField> fromId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
