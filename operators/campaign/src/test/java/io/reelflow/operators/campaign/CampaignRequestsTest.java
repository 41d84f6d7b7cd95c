package io.reelflow.operators.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelflow.pipeline.ErrorCode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignRequestsTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    private static CampaignSpec spec(String fileName, String defaults) {
        return CampaignSpec.builder()
                .campaignId("spring-sale").tenantId("acme").fileName(fileName).defaultsJson(defaults).build();
    }

    private static JsonNode payload(CampaignRequests.Outcome outcome) throws IOException {
        assertThat(outcome).isInstanceOf(CampaignRequests.Converted.class);
        return CampaignSpec.JSON.readTree(((CampaignRequests.Converted) outcome).request().payload());
    }

    @Test
    void jsonlRowsOverrideDefaultsAndGetDeterministicIds() throws IOException {
        CampaignSpec spec = spec("rows.jsonl", """
                {"mode":"TEXT_TO_IMAGE","width":512,"height":512,"labels":{"brand":"acme"}}""");
        CampaignFile file = CampaignFile.parse(spec.format(), """
                # spring sale prompts
                {"prompt":"a red bicycle","width":1024}

                {"prompt":"a blue kite","request_id":"kite-1","labels":{"variant":"b"}}
                """);
        CampaignRequests requests = new CampaignRequests(spec, file.csvHeader(), START);

        assertThat(file.rows()).extracting(CampaignRow::line).containsExactly(2L, 4L);
        JsonNode bike = payload(requests.convert(file.rows().get(0)));
        assertThat(bike.get("request_id").asText()).isEqualTo("spring-sale-2");
        assertThat(bike.get("width").asInt()).isEqualTo(1024);
        assertThat(bike.get("height").asInt()).isEqualTo(512);
        assertThat(bike.get("tenant_id").asText()).isEqualTo("acme");
        assertThat(bike.get("campaign_id").asText()).isEqualTo("spring-sale");
        assertThat(bike.get("priority").asText()).isEqualTo("LOW");
        assertThat(bike.get("submitted_at").asLong()).isEqualTo(START.toEpochMilli());

        JsonNode kite = payload(requests.convert(file.rows().get(1)));
        assertThat(kite.get("request_id").asText()).isEqualTo("kite-1");
        assertThat(kite.get("labels").get("brand").asText()).isEqualTo("acme");
        assertThat(kite.get("labels").get("variant").asText()).isEqualTo("b");
    }

    @Test
    void rowsCannotMoveToAnotherTenant() throws IOException {
        CampaignSpec spec = spec("rows.jsonl", "{}");
        CampaignRequests requests = new CampaignRequests(spec, List.of(), START);

        JsonNode row = payload(requests.convert(new CampaignRow(1, "{\"prompt\":\"x\",\"tenant_id\":\"other\"}")));

        assertThat(row.get("tenant_id").asText()).isEqualTo("acme");
    }

    @Test
    void csvCellsAreTypedByTheirField() throws IOException {
        CampaignSpec spec = spec("rows.csv", "{\"mode\":\"TEXT_TO_VIDEO\"}");
        CampaignFile file = CampaignFile.parse(spec.format(), """
                prompt,width,height,duration_seconds,seed,label.variant
                "a beach, at dawn",1920,1080,4.5,42,a
                a city at night,1080,1920,,,
                """);
        CampaignRequests requests = new CampaignRequests(spec, file.csvHeader(), START);

        JsonNode beach = payload(requests.convert(file.rows().get(0)));
        assertThat(beach.get("prompt").asText()).isEqualTo("a beach, at dawn");
        assertThat(beach.get("width").isInt()).isTrue();
        assertThat(beach.get("duration_seconds").asDouble()).isEqualTo(4.5);
        assertThat(beach.get("seed").isIntegralNumber()).isTrue();
        assertThat(beach.get("labels").get("variant").asText()).isEqualTo("a");
        JsonNode city = payload(requests.convert(file.rows().get(1)));
        assertThat(city.has("duration_seconds")).isFalse();
        assertThat(city.get("request_id").asText()).isEqualTo("spring-sale-3");
    }

    @Test
    void badRowsAreRefusedWithTheirOwnBytesAndLine() {
        CampaignSpec csv = spec("rows.csv", "{}");
        CampaignFile file = CampaignFile.parse(csv.format(), "prompt,width\nok,12x\n\"unterminated,5\nshort\n");
        CampaignRequests requests = new CampaignRequests(csv, file.csvHeader(), START);

        for (CampaignRow row : file.rows()) {
            CampaignRequests.Outcome outcome = requests.convert(row);
            assertThat(outcome).isInstanceOf(CampaignRequests.Refused.class);
            CampaignRequests.Refused refused = (CampaignRequests.Refused) outcome;
            assertThat(refused.why().code()).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
            assertThat(refused.why().message()).startsWith("campaign row " + row.line());
            assertThat(new String(refused.row().payload())).isEqualTo(row.text());
            assertThat(refused.row().source().topic()).isEqualTo("campaign:rows.csv");
            assertThat(refused.partial().getRequestId()).isEqualTo("spring-sale-" + row.line());
        }
        CampaignRequests jsonl = new CampaignRequests(spec("rows.jsonl", "{}"), List.of(), START);
        assertThat(jsonl.convert(new CampaignRow(1, "[1,2]"))).isInstanceOf(CampaignRequests.Refused.class);
        assertThat(jsonl.convert(new CampaignRow(2, "{\"prompt\":"))).isInstanceOf(CampaignRequests.Refused.class);
    }

    @Test
    void wholeFileErrorsFailFast() {
        assertThatThrownBy(() -> CampaignFile.parse(CampaignFormat.CSV, "prompt,colour\nx,red\n"))
                .hasMessageContaining("unknown CSV column 'colour'");
        assertThatThrownBy(() -> CampaignFile.parse(CampaignFormat.CSV, "prompt,input_assets\n"))
                .hasMessageContaining("not a scalar field");
        assertThatThrownBy(() -> CampaignFile.parse(CampaignFormat.CSV, "\n# nothing\n"))
                .hasMessageContaining("no header");
        assertThatThrownBy(() -> CampaignSpec.builder().campaignId("bad id").tenantId("acme").fileName("a.csv").build())
                .hasMessageContaining("campaign id");
        assertThatThrownBy(() -> CampaignSpec.builder().campaignId("c").tenantId("acme").fileName("a.txt").build())
                .hasMessageContaining("format");
        assertThatThrownBy(() -> CampaignSpec.builder().campaignId("c").tenantId("acme").fileName("a.csv")
                        .defaultsJson("[]").build())
                .hasMessageContaining("JSON object");
    }
}
