package io.reelflow.operators.campaign.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.operators.campaign.spec.PlannedOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignReportTest {

    static final String REPORT_URI = ReportFixtures.BUCKET + "/demo/campaigns/spring/report.html";
    private static final String REASON = "<img src=x onerror=alert(1)> & \"worse\"";

    @TempDir
    Path dir;

    private List<PlannedOutput> outputs;
    private String html;

    @BeforeEach
    void render() throws IOException {
        outputs = ReportFixtures.outputs(dir);
        CampaignManifest manifest = CampaignManifest.of(outputs, ReportFixtures.results(outputs, REASON));
        html = CampaignReport.html("spring", manifest, CampaignReport.relativeTo(REPORT_URI));
    }

    @Test
    void hostileValuesAreEscapedEverywhere() {
        assertThat(html).containsOnlyOnce("<script>").doesNotContain("alert('x')").doesNotContain("<img src=x");
        assertThat(html).contains(CampaignReport.esc(ReportFixtures.MARKUP), CampaignReport.esc(REASON));
        // attribute values never contain a raw quote, so none can end early
        Matcher attributes = Pattern.compile("data-var-product=\"([^\"]*)\"").matcher(html);
        int cards = 0;
        while (attributes.find()) {
            assertThat(attributes.group(1)).doesNotContain("<", ">", "'");
            cards++;
        }
        assertThat(cards).isEqualTo(outputs.size());
    }

    @Test
    void imagesAreThumbnailsAndVideosPlayersWithRelativeSources() {
        PlannedOutput image = outputs.get(0);
        PlannedOutput video = outputs.get(1);
        assertThat(image.format().isVideo()).isFalse();
        assertThat(video.format().isVideo()).isTrue();
        assertThat(html).contains("<img loading=\"eager\" src=\"../../" + image.requestId() + "/image.png\"");
        assertThat(html).contains("<video controls preload=\"metadata\" poster=\"../../" + video.requestId()
                + "/poster.png\"><source src=\"../../" + video.requestId() + "/video.mp4\" type=\"video/mp4\">");
        assertThat(Pattern.compile("(src|poster|href)=\"([^\"]*)\"").matcher(html).results().map(m -> m.group(2)))
                .hasSize(2 * 2 + 2 * 2) // two images (link, img), two videos (poster, source)
                .allSatisfy(link -> assertThat(link).doesNotContain("://").startsWith("../../"));
    }

    @Test
    void groupsByTemplateAndFormatAndListsWhatWasNotProduced() {
        assertThat(Pattern.compile("<section class=\"group\">").matcher(html).results().count()).isEqualTo(2);
        assertThat(html).contains("hero &middot; square", "hero &middot; clip");
        String failures = html.substring(html.indexOf("<section id=\"failures\">"));
        assertThat(failures).contains("Not produced (2)", "no result yet", "ENCODE_FAILED: " + CampaignReport.esc(REASON));
        assertThat(html).contains("<option value=\"FAILED\">", "<option value=\"a jug\">");
    }

    @Test
    void relativePathsStayInsideTheBucket() {
        Function<String, String> href = CampaignReport.relativeTo("s3://b/t/campaigns/c/report.html");
        assertThat(href.apply("s3://b/t/r1/image.png")).isEqualTo("../../r1/image.png");
        assertThat(href.apply("s3://b/t/campaigns/c/x.png")).isEqualTo("x.png");
        assertThat(href.apply("s3://b/other/r/v.mp4")).isEqualTo("../../../other/r/v.mp4");
        assertThatThrownBy(() -> href.apply("s3://elsewhere/t/r1/image.png"))
                .hasMessageContaining("not in the report's bucket s3://b/");
    }
}
