package io.reelflow.infra.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.StorageConfig;
import io.reelflow.infra.campaign.ExportNames.UnsafeName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CampaignExportNamesTest {

    private static final StorageConfig STORAGE = ReelflowConfig.defaults().storage();
    private static final String OUT = "s3://" + STORAGE.bucket() + "/";
    private static final String QUARANTINE = "s3://" + STORAGE.quarantineBucket() + "/";

    @Test
    void namesAFileByFormatTemplateAndVariantWithTheMediaExtension() {
        String base = ExportNames.base("spring", "spring/square/hero-a-jug_spring", "hero", "a-jug_spring", "square");

        assertThat(base).isEqualTo("square/hero-a-jug_spring");
        assertThat(ExportNames.primary(base, "demo/spring-0a/image.png", "image/png")).isEqualTo(base + ".png");
        assertThat(ExportNames.primary(base, "demo/spring-0a/video.mp4", "video/mp4")).isEqualTo(base + ".mp4");
        // no extension in the key: the content type decides
        assertThat(ExportNames.primary(base, "demo/spring-0a/output", "video/mp4")).isEqualTo(base + ".mp4");
        assertThat(ExportNames.poster(base, "demo/spring-0a/poster.png", null)).isEqualTo(base + ".poster.png");
    }

    @Test
    void refusesAnUnknownMediaType() {
        assertThatThrownBy(() -> ExportNames.primary("square/hero-base", "demo/r/evil.sh", "text/x-shellscript"))
                .isInstanceOf(UnsafeName.class).hasMessageContaining("not a known image or video");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../etc", "a/b", "a\\b", "/abs", "C:", "a.b", "x\ny", "x\u001b[2J", "\u202eexe",
        "", "-", "_x", " a"})
    void refusesTemplateVariantOrFormatNamesThatAreNotSpecNames(String hostile) {
        assertThatThrownBy(() -> ExportNames.base("spring", "spring/square/" + hostile + "-v", hostile, "v", "square"))
                .isInstanceOf(UnsafeName.class).hasMessageContaining("template");
        assertThatThrownBy(() -> ExportNames.base("spring", "spring/square/t-" + hostile, "t", hostile, "square"))
                .isInstanceOf(UnsafeName.class).hasMessageContaining("variant");
        assertThatThrownBy(() -> ExportNames.base("spring", "spring/" + hostile + "/t-v", "t", "v", hostile))
                .isInstanceOf(UnsafeName.class).hasMessageContaining("format");
    }

    @Test
    void messagesEscapeControlCharacters() {
        assertThatThrownBy(() -> ExportNames.base("spring", "k", "x\u001b[2J", "v", "square"))
                .hasMessageContaining("'x\\u001b[2J'").hasMessageNotContaining("\u001b");
    }

    @Test
    void refusesARowWhoseKeyIsNotTheOneItsNamesMakeInThisCampaign() {
        assertThatThrownBy(() -> ExportNames.base("spring", "autumn/square/hero-base", "hero", "base", "square"))
                .isInstanceOf(UnsafeName.class).hasMessageContaining("is not spring/square/hero-base");
        assertThatThrownBy(() -> ExportNames.base("spring", null, "hero", "base", "square"))
                .isInstanceOf(UnsafeName.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "", "x\u0000", "../other"})
    void refusesTenantAndCampaignIdsThatCouldEscape(String hostile) {
        assertThatThrownBy(() -> ExportNames.id("campaign", hostile)).isInstanceOf(UnsafeName.class);
    }

    @Test
    void readsOnlyTheTenantsObjectsAndAlwaysFromTheOutputBucket() {
        assertThat(ExportNames.objectKey(STORAGE, "demo", OUT + "demo/spring-0a/image.png"))
                .isEqualTo("demo/spring-0a/image.png");
        // a held output's quarantine URI names the same key: the export reads the output bucket, where approval copies it
        assertThat(ExportNames.objectKey(STORAGE, "demo", QUARANTINE + "demo/spring-0a/image.png"))
                .isEqualTo("demo/spring-0a/image.png");
        assertThat(ExportNames.outputUri(STORAGE, "demo/spring-0a/image.png")).isEqualTo(OUT + "demo/spring-0a/image.png");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://other-bucket/demo/r/image.png", "s3://" + "reelflow-outputs" + "x/demo/r/image.png",
        "http://evil/demo/r/image.png", "/etc/passwd"})
    void refusesObjectsOutsideTheBuckets(String hostile) {
        assertThatThrownBy(() -> ExportNames.objectKey(STORAGE, "demo", hostile))
                .isInstanceOf(UnsafeName.class).hasMessageContaining("is not in bucket");
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme/r/image.png", "demo/../acme/r/image.png", "demo/r/../../x.png", "demo//image.png",
        "demo/r/x\ny.png", "demo", "_index/watermarks/x.json"})
    void refusesKeysOfOtherTenantsOrWithUnsafeSegments(String hostile) {
        assertThatThrownBy(() -> ExportNames.objectKey(STORAGE, "demo", OUT + hostile))
                .isInstanceOf(UnsafeName.class);
    }

    @Test
    void aSha256IsSixtyFourLowerCaseHexDigits() {
        assertThat(ExportNames.sha256("sha256", "ab".repeat(32))).isEqualTo("ab".repeat(32));
        assertThatThrownBy(() -> ExportNames.sha256("sha256", "AB".repeat(32))).isInstanceOf(UnsafeName.class);
        assertThatThrownBy(() -> ExportNames.sha256("sha256", null)).isInstanceOf(UnsafeName.class);
    }

    @Test
    void resolvesOnlyUnderTheCampaignsDirectory() {
        Path dir = Path.of("/tmp/export/spring");

        assertThat(ExportNames.resolve(dir, "square/hero-base.png")).isEqualTo(dir.resolve("square/hero-base.png"));
        assertThatThrownBy(() -> ExportNames.resolve(dir, "../autumn/x.png")).isInstanceOf(UnsafeName.class);
        assertThatThrownBy(() -> ExportNames.resolve(dir, "/etc/passwd")).isInstanceOf(UnsafeName.class);
        assertThatThrownBy(() -> ExportNames.resolve(dir, ".")).isInstanceOf(UnsafeName.class);
    }
}
