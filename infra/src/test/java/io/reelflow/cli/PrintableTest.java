package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void escapesWhatCouldDriveATerminalAndKeepsEveryOtherCharacter() {
        String hostile = "a\u009b31mred\u202eevil\u200b 猫 \u001b[2J";

        assertThat(Printable.oneLine(hostile, 200))
                .isEqualTo("a\\u009b31mred\\u202eevil\\u200b 猫 \\u001b[2J");
        assertThat(Printable.oneLine("abcdef", 3)).isEqualTo("abc...");
    }

    @Test
    void aJsonLineStaysTheSameJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String line = json.writeValueAsString(json.createObjectNode().put("prompt", "x\u009by\u202ez 猫"));

        String safe = Printable.jsonLine(line);

        assertThat(safe).doesNotContain("\u009b", "\u202e").contains("猫");
        assertThat(json.readTree(safe)).isEqualTo(json.readTree(line));
    }
}
