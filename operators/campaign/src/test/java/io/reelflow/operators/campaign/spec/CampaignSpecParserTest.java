package io.reelflow.operators.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.MarkPosition;
import io.reelflow.schema.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignSpecParserTest {

    @TempDir
    Path dir;

    private static final String HEAD = """
            campaign: spring
            tenant: demo
            """;
    private static final String VALID = HEAD + """
            templates:
              hero: "{product} on a table"
            variables:
              product: [teapot, jug]
            cross: [product]
            formats:
              square: image 1024x1024
            """;

    /** The problems of {@code yaml}, each as {@code LINE:COL: message} (the file name cut off). */
    private List<String> problems(String yaml) {
        String prefix = dir.resolve("spec.yaml") + ":";
        return Specs.parse(dir, yaml).problems().stream()
                .map(p -> p.toString().startsWith(prefix) ? p.toString().substring(prefix.length()) : p.toString())
                .toList();
    }

    @Test
    void readsTheExampleWithEverySetting() {
        ParsedSpec parsed = Specs.parse(Specs.EXAMPLE);

        assertThat(parsed.problems()).isEmpty();
        CampaignDefinition campaign = parsed.campaign().orElseThrow();
        assertThat(campaign.id()).isEqualTo("spring-launch");
        assertThat(campaign.tenant()).isEqualTo("demo");
        assertThat(campaign.model()).isEqualTo("reelflow-dit-xs");
        assertThat(campaign.priority()).isEqualTo(Priority.LOW);
        assertThat(campaign.negativePrompt()).isEqualTo("blurry, low quality, text, watermark");
        assertThat(campaign.templates()).extracting(Template::name).containsExactly("table", "garden", "hero");
        assertThat(campaign.templates().get(0).variables()).containsExactly("product", "season", "style", "lighting");
        assertThat(campaign.combinations()).hasSize(3 * 2 * 2);
        assertThat(campaign.formats()).extracting(FormatSpec::name)
                .containsExactly("square", "landscape", "portrait", "thumbnail");
        FormatSpec portrait = campaign.formats().get(2);
        assertThat(portrait.mode()).isEqualTo(GenerationMode.TEXT_TO_VIDEO);
        assertThat(portrait.width()).isEqualTo(1080);
        assertThat(portrait.height()).isEqualTo(1920);
        assertThat(portrait.durationSeconds()).isEqualTo(15.0);
        assertThat(portrait.fps()).isEqualTo(24);
        assertThat(portrait.steps()).isEqualTo(16);
        assertThat(portrait.sampler()).isEqualTo("flow-euler-stochastic");
        assertThat(portrait.seed()).isInstanceOf(SeedPolicy.Random.class);
        assertThat(campaign.formats().get(1).steps()).isEqualTo(24);
        assertThat(campaign.formats().get(1).sampler()).isEqualTo("flow-euler");
        assertThat(campaign.formats().get(1).seed()).isInstanceOf(SeedPolicy.PerVariant.class);
        assertThat(campaign.formats().get(3).seed()).isEqualTo(new SeedPolicy.Fixed(7));
        assertThat(campaign.budget()).isEqualTo(new Budget(600.0, 120));
        assertThat(campaign.brand().logo().position()).isEqualTo(MarkPosition.BOTTOM_RIGHT);
        assertThat(campaign.brand().logo().scale()).isEqualTo(0.15);
        assertThat(campaign.brand().logo().file()).endsWith("examples/brand/spring-logo.png");
        assertThat(campaign.brand().logo().sha256()).hasSize(64);
        assertThat(campaign.brand().forbiddenWords()).containsExactly("cheap", "knock-off", "fizzco");
        // 12 variants of table and of garden (style decides, lighting comes with it), 3 of hero; 4 formats each
        assertThat(campaign.outputs()).hasSize((12 + 12 + 3) * 4);
        assertThat(campaign.outputs().get(0).prompt()).isEqualTo("a ceramic teapot on a spring breakfast table, "
                + "watercolour, soft morning light, colour palette: sage green, butter yellow, cream");
    }

    @Test
    void unknownKeysAreNamedWithTheNearestKnownOne() {
        assertThat(problems(VALID.replace("formats:", "formts:")))
                .contains("8:1: unknown key 'formts' in the campaign spec; did you mean 'formats'?; expected one of "
                        + "campaign, tenant, model, priority, negative-prompt, steps, sampler, guidance, seed, "
                        + "templates, variables, cross, combinations, formats, budget, brand")
                .contains("1:1: a campaign spec needs 'formats'");
        assertThat(problems(VALID.replace("square: image 1024x1024", "square: {output: image 1024x1024, step: 3}")))
                .singleElement().asString().startsWith("9:37: unknown key 'step' in format 'square'; did you mean 'steps'?");
    }

    @Test
    void aTemplateVariableWithoutATableIsAnError() {
        assertThat(problems(VALID.replace("{product} on a table", "{product} on a {colour} table")))
                .containsExactly("4:9: template 'hero' uses {colour}, which no table in variables has");
    }

    @Test
    void aTableVariableNoTemplateUsesIsAWarningOnly() {
        ParsedSpec parsed = Specs.parse(dir, VALID.replace("product: [teapot, jug]",
                "product: [teapot, jug]\n  season: [spring]").replace("cross: [product]", "cross: [product, season]"));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.warnings()).singleElement().asString()
                .endsWith("spec.yaml:7:11: warning: variable 'season' of table 'season' is used by no template");
        assertThat(parsed.campaign()).isPresent();
    }

    @Test
    void formatsBeyondThePlatformLimitsAreErrorsAtTheirLines() {
        assertThat(problems(VALID.replace("square: image 1024x1024", """
                square: image 4096x4096
                  wide: video 1920x800 5s
                  long: video 1920x1080 61s
                  fast: {output: video 1280x720 2s, fps: 120}
                  odd: video 1281x720 2s
                  tall: video 1080x1920""")))
                .containsExactly(
                        "9:11: format 'square': image size 4096x4096: width and height must be 64-2048",
                        "10:9: format 'wide': video size 1920x800: aspect ratio 2.400 exceeds 1.7778 (16:9 or 9:16 at most)",
                        "11:9: format 'long': duration_seconds 61.0 is outside (0, 60.0]",
                        "12:18: format 'fast': fps 120 is outside 1-60",
                        "13:8: format 'odd': video size 1281x720: width and height must be even (H.264 with yuv420p)",
                        "14:9: format 'tall': a video needs a duration, e.g. 'video 1080x1920 10s'");
    }

    @Test
    void aBadSeedPolicyIsNamed() {
        assertThat(problems(VALID.replace("square: image 1024x1024", "square: {output: image 1024x1024, seed: per_variant}")))
                .containsExactly("9:43: seed must be per-variant, random, or a whole number (one fixed seed), got "
                        + "'per_variant'; did you mean 'per-variant'?");
        assertThat(problems(HEAD + "seed: lucky\n" + VALID.substring(HEAD.length())))
                .singleElement().asString().startsWith("3:7: seed must be per-variant, random");
    }

    @Test
    void raggedCsvRowsAreErrorsInTheirOwnFileAndLine() throws Exception {
        Files.writeString(dir.resolve("products.csv"), "product,colour\nteapot,green\njug\nbasket,red,large\n");

        List<String> problems = problems(VALID.replace("product: [teapot, jug]", "product: {csv: products.csv}")
                .replace("{product} on a table", "{product} on a {colour} table"));

        String csv = dir.resolve("products.csv").toString();
        assertThat(problems).containsExactly(
                csv + ":3:1: row has 1 values but the header has 2 columns (product, colour)",
                csv + ":4:1: row has 3 values but the header has 2 columns (product, colour)");
    }

    @Test
    void anEmptyCrossProductIsAnError() {
        assertThat(problems(VALID.replace("product: [teapot, jug]", "product: []")))
                .containsExactly("7:8: the cross product is empty: table 'product' has no rows");
        assertThat(problems(VALID.replace("cross: [product]", "combinations: []")))
                .containsExactly("7:15: combinations is empty, so the campaign has no outputs");
    }

    @Test
    void aBudgetMustBePositive() {
        assertThat(problems(VALID + "budget:\n  max-device-seconds: 0\n  max-outputs: -3\n")).containsExactly(
                "11:23: max-device-seconds must be positive, got 0",
                "12:16: max-outputs must be positive, got -3");
    }

    @Test
    void aMissingLogoFileIsAnError() {
        assertThat(problems(VALID + "brand:\n  logo: {file: brand/logo.png, scale: 0.9}\n")).containsExactly(
                "11:16: logo file " + dir.resolve("brand/logo.png") + " does not exist",
                "11:39: logo scale 0.9 is outside [0.05, 0.5]");
    }

    @Test
    void aLogoMustBeAPngOrJpegTheWatermarkStageCanDraw() throws Exception {
        Files.createDirectories(dir.resolve("brand"));
        Files.writeString(dir.resolve("brand/logo.png"), "not an image");
        Files.write(dir.resolve("brand/logo.gif"), BrandKitOutputsTest.image(0xffe01010, "gif"));
        java.awt.image.BufferedImage wide = new java.awt.image.BufferedImage(2049, 4, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        javax.imageio.ImageIO.write(wide, "png", dir.resolve("brand/wide.png").toFile());
        byte[] png = BrandKitOutputsTest.image(0xffe01010, "png");
        Files.write(dir.resolve("brand/cut.png"), java.util.Arrays.copyOf(png, png.length / 2));

        assertThat(problems(VALID + "brand:\n  logo: brand/logo.png\n"))
                .containsExactly("11:9: logo file " + dir.resolve("brand/logo.png") + " is not a PNG or JPEG image");
        assertThat(problems(VALID + "brand:\n  logo: brand/logo.gif\n"))
                .containsExactly("11:9: logo file " + dir.resolve("brand/logo.gif") + " must be a .png, .jpg or .jpeg file");
        assertThat(problems(VALID + "brand:\n  logo: brand/wide.png\n"))
                .containsExactly("11:9: logo file " + dir.resolve("brand/wide.png") + " is 2049x4, at most 2048 pixels on a side");
        assertThat(problems(VALID + "brand:\n  logo: brand/cut.png\n")).singleElement()
                .satisfies(p -> assertThat(p).startsWith("11:9: logo file " + dir.resolve("brand/cut.png") + " cannot be read as an image"));
    }

    @Test
    void forbiddenWordsFollowTheRulesOfARequestsBlockedTerms() {
        assertThat(problems(VALID + "brand:\n  forbidden-words: [cheap, \"a\\u0007b\", \"...\", " + "x".repeat(65) + "]\n"))
                .containsExactly(
                        "11:28: forbidden word 'a?b' contains the control character U+0007 at index 1",
                        "11:40: forbidden word '...' has no letter or digit, so it would match nothing",
                        "11:47: forbidden word '" + "x".repeat(65) + "' has 65 characters, at most 64 are allowed");
        String many = String.join(", ", java.util.stream.IntStream.range(0, 65).mapToObj(i -> "w" + i).toList());
        assertThat(problems(VALID + "brand:\n  forbidden-words: [" + many + "]\n"))
                .containsExactly("11:20: forbidden-words has 65 words, at most 64 are allowed");
    }

    @Test
    void forbiddenWordsMustNotBeEmpty() {
        assertThat(problems(VALID + "brand:\n  forbidden-words: [cheap, \"\", ~]\n")).containsExactly(
                "11:28: a forbidden word is empty",
                "11:32: a forbidden word is empty");
        assertThat(problems(VALID + "brand:\n  forbidden-words: []\n"))
                .containsExactly("11:20: forbidden-words is empty: list words, or leave it out");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        List<String> problems = problems("""
                campaign: spring sale
                tenant: acme
                model: reelflow-dit-xl
                templates:
                  hero: "{product} on a {table}"
                variables:
                  product: [teapot]
                cross: [product, colour]
                formats:
                  square: image 9000x9000
                budget: {max-outputs: 0}
                """);

        assertThat(problems).hasSize(7).containsExactly(
                "1:11: campaign must be 1-96 of A-Z a-z 0-9 . _ -, starting with a letter or digit, got 'spring sale'",
                "2:9: tenant 'acme' is not configured in this deployment (tenants.known); known: demo",
                "3:8: model 'reelflow-dit-xl' is not in the model catalog (" + Specs.CATALOG.repository() + ")",
                "5:9: template 'hero' uses {table}, which no table in variables has",
                "8:18: cross names table 'colour', which variables does not have",
                "10:11: format 'square': image size 9000x9000: width and height must be 64-2048",
                "11:23: max-outputs must be positive, got 0");
    }

    @Test
    void combinationsNameRowsOfEveryTableTheTemplatesUse() {
        String spec = VALID.replace("product: [teapot, jug]", "product: [teapot, jug]\n  season: [spring, summer]")
                .replace("{product} on a table", "{product} on a {season} table")
                .replace("cross: [product]", """
                        combinations:
                          - {product: teapot, season: spring}
                          - {product: tepot, season: summer}
                          - {product: jug}""");

        assertThat(problems(spec)).containsExactly(
                "10:15: table 'product' has no row 'tepot'; did you mean 'teapot'?",
                "11:5: combination names no row of 'season', which templates use");
        assertThat(Specs.campaign(dir, spec.replace("tepot", "jug").replace("{product: jug}", "{product: jug, season: spring}"))
                .outputs()).extracting(o -> o.key().variant()).containsExactly("teapot_spring", "jug_summer", "jug_spring");
    }

    @Test
    void aSamplerTheModelLacksAndSyntaxErrorsAreNamed() {
        assertThat(problems(HEAD + "sampler: ddim\n" + VALID.substring(HEAD.length()))).containsExactly(
                "3:10: sampler 'ddim' is not offered by model reelflow-dit-xs; it offers [flow-euler, flow-euler-stochastic]");
        assertThat(problems(VALID + "budget: [1\n")).singleElement().asString().startsWith("10:").contains("not valid YAML");
    }

    @Test
    void twoTemplatesMayNotMakeOutputsOfTheSameName() {
        List<String> problems = problems("""
                campaign: spring
                tenant: demo
                templates:
                  hero: "close-up of {product}"
                  hero-a: "{product} on a table"
                variables:
                  product: [a teapot, teapot]
                cross: [product]
                formats:
                  square: image 256x256
                """);

        assertThat(problems).singleElement().asString()
                .contains("templates 'hero' and 'hero-a' both make outputs named 'hero-a-teapot'");
    }
}
