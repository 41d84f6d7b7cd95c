package io.reelflow.operators.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.StorageConfig;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.MarkPosition;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The brand kit reaches every output's request: forbidden words as blocked_terms, the logo as the visible mark. */
class BrandKitOutputsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final StorageConfig STORAGE = ConfigLoader.builder().build().storage();

    @TempDir
    Path dir;

    private static final String SPEC = """
            campaign: spring
            tenant: demo
            templates:
              hero: "{product} on a table"
            variables:
              product: [a teapot, a jug]
            cross: [product]
            formats:
              square: image 1024x1024
              landscape: video 1280x720 3s
            brand:
              logo: {file: brand/logo.png, position: TOP_LEFT, opacity: 0.8, scale: 0.1}
              forbidden-words: [FizzCo, knock-off]
            """;

    @Test
    void everyRequestCarriesTheForbiddenWordsAndTheUploadedLogoAsItsMark() throws Exception {
        writeLogo(dir, 0xffe01010);
        CampaignDefinition campaign = Specs.campaign(dir, SPEC);
        String uri = campaign.logoUri(STORAGE);
        String sha = campaign.brand().logo().sha256();

        assertThat(uri).isEqualTo("s3://reelflow-inputs/demo/campaigns/spring/logo-" + sha.substring(0, 16) + ".png");
        List<PlannedOutput> outputs = campaign.withLogoAt(uri).outputs();
        assertThat(outputs).hasSize(4).allSatisfy(output -> {
            GenerationRequest request = output.request(NOW);
            assertThat(request.getBlockedTerms()).containsExactly("FizzCo", "knock-off");
            assertThat(request.getVisibleMark().getText()).isEmpty();
            assertThat(request.getVisibleMark().getLogoUri()).isEqualTo(uri);
            assertThat(request.getVisibleMark().getPosition()).isEqualTo(MarkPosition.TOP_LEFT);
            assertThat(request.getVisibleMark().getOpacity()).isEqualTo(0.8);
            assertThat(request.getVisibleMark().getScale()).isEqualTo(0.1);
        });
    }

    @Test
    void requestsCannotBeSubmittedBeforeTheLogoIsUploadedButCanBePlanned() throws Exception {
        writeLogo(dir, 0xffe01010);
        CampaignDefinition campaign = Specs.campaign(dir, SPEC);
        PlannedOutput planned = campaign.outputs().get(0);

        assertThat(planned.request().getVisibleMark().getLogoUri()).isNull();
        assertThatThrownBy(() -> planned.request(NOW)).isInstanceOf(IllegalStateException.class)
                .hasMessage("spring/square/hero-a-teapot: the campaign's logo has not been uploaded; plan the outputs"
                        + " of CampaignDefinition.withLogoAt(uri)");
    }

    @Test
    void fingerprintsCoverTheLogosBytesNotWhereTheLogoOrTheSpecIsKept() throws Exception {
        writeLogo(dir, 0xffe01010);
        CampaignDefinition here = Specs.campaign(dir, SPEC);
        Path elsewhere = Files.createDirectories(dir.resolve("moved/deeper"));
        writeLogo(elsewhere, 0xffe01010);
        CampaignDefinition moved = Specs.campaign(elsewhere, SPEC);

        List<String> ids = here.outputs().stream().map(PlannedOutput::requestId).toList();
        assertThat(moved.outputs()).extracting(PlannedOutput::requestId).isEqualTo(ids);
        assertThat(here.withLogoAt("s3://a/demo/x.png").outputs()).extracting(PlannedOutput::requestId).isEqualTo(ids);
        assertThat(here.withLogoAt("s3://b/demo/y.png").outputs()).extracting(PlannedOutput::fingerprint)
                .isEqualTo(here.outputs().stream().map(PlannedOutput::fingerprint).toList());

        writeLogo(dir, 0xff1030e0); // another logo
        assertThat(Specs.campaign(dir, SPEC).outputs()).extracting(PlannedOutput::requestId).doesNotContainAnyElementsOf(ids);
        assertThat(Specs.campaign(dir, SPEC.replace("opacity: 0.8", "opacity: 0.7")).outputs())
                .extracting(PlannedOutput::requestId).doesNotContainAnyElementsOf(ids);
        assertThat(Specs.campaign(dir, SPEC.replace("knock-off]", "knock-off, cheap]")).outputs())
                .extracting(PlannedOutput::requestId).doesNotContainAnyElementsOf(ids);
    }

    @Test
    void withoutALogoRequestsKeepTheTenantsDefaultMark() throws Exception {
        CampaignDefinition campaign = Specs.campaign(dir, SPEC.replace(
                "  logo: {file: brand/logo.png, position: TOP_LEFT, opacity: 0.8, scale: 0.1}\n", ""));

        assertThat(campaign.outputs()).allSatisfy(o -> assertThat(o.request(NOW).getVisibleMark()).isNull());
        assertThatThrownBy(() -> campaign.logoUri(STORAGE)).hasMessage("campaign spring has no logo");
        assertThatThrownBy(() -> campaign.withLogoAt("s3://x/y.png")).hasMessage("campaign spring has no logo");
    }

    @Test
    void aJpegLogoKeepsItsExtensionAndADeploymentWithoutSharedInputBucketsIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("brand"));
        Files.write(dir.resolve("brand/Logo.JPEG"), image(0xffe01010, "jpg"));
        CampaignDefinition campaign = Specs.campaign(dir, SPEC.replace("brand/logo.png", "brand/Logo.JPEG"));
        StorageConfig none = ConfigLoader.builder().set("storage.input-buckets", "[]").build().storage();

        assertThat(campaign.logoUri(STORAGE)).endsWith(".jpg");
        assertThatThrownBy(() -> campaign.logoUri(none)).hasMessageContaining("storage.input-buckets is empty");
    }

    static void writeLogo(Path specDir, int argb) throws Exception {
        Files.createDirectories(specDir.resolve("brand"));
        Files.write(specDir.resolve("brand/logo.png"), image(argb, "png"));
    }

    static byte[] image(int argb, String format) throws Exception {
        BufferedImage image = new BufferedImage(32, 16, format.equals("png") ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, argb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
