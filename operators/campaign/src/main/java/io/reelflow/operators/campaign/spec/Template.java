package io.reelflow.operators.campaign.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A named prompt template; {@code {name}} is a variable (the parser refuses any other brace). */
public record Template(String name, String text, List<String> variables) implements Serializable {

    static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*)}");

    public Template {
        variables = List.copyOf(variables);
    }

    /** The template with each variable replaced by its value; every variable must have one. */
    public String render(Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
