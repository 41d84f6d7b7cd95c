package io.reelflow.operators.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CampaignTest {

    private static final byte[] TWO_ROWS =
            "# two rows\nprompt,seed\na red bicycle,1\na blue bicycle,2\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aFilesNameGivesTheFormatAndTheDefaultId() {
        Campaign fromStore = Campaign.fromFile("s3://reelflow-inputs/demo/spring-sale.csv", TWO_ROWS, null, "demo",
                "{}");
        Campaign named = Campaign.fromFile("/mnt/campaigns/spring-sale.csv", TWO_ROWS, "sale-7", "demo", "{}");

        assertThat(fromStore.spec().campaignId()).isEqualTo("spring-sale");
        assertThat(fromStore.spec().fileName()).isEqualTo("spring-sale.csv");
        assertThat(fromStore.spec().format()).isEqualTo(CampaignFormat.CSV);
        assertThat(fromStore.spec().tenantId()).isEqualTo("demo");
        assertThat(fromStore.rows().rows()).hasSize(2);
        assertThat(named.spec().campaignId()).isEqualTo("sale-7");
        assertThat(named.rows()).isEqualTo(fromStore.rows());
    }

    @Test
    void aFileThatIsNotUtf8TextOrHasNoRowsFailsWithItsName() {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00};
        byte[] empty = "# nothing yet\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Campaign.fromFile("/mnt/binary.jsonl", binary, null, "demo", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("campaign file /mnt/binary.jsonl is not UTF-8 text");
        assertThatThrownBy(() -> Campaign.fromFile("/mnt/empty.jsonl", empty, null, "demo", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty.jsonl has no rows");
    }
}
