package io.reelflow.operators.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignOutputsTest {

    @TempDir
    Path dir;

    private static final String SPEC = """
            campaign: spring
            tenant: demo
            negative-prompt: blurry
            templates:
              table: "{product} on a {season} table"
              hero: "close-up of {product}"
            variables:
              product: [a teapot, a jug]
              season: [spring, summer]
            cross: [product, season]
            formats:
              square: image 1024x1024
              landscape: {output: video 1280x720 3s, steps: 8}
              thumb: {output: image 256x256, seed: random}
            brand:
              palette: [sage green]
            """;

    /** Each output's key path to its request id, which carries its fingerprint. */
    private Map<String, String> ids(String spec) {
        return Specs.campaign(dir, spec).outputs().stream()
                .collect(Collectors.toMap(o -> o.key().path(), PlannedOutput::requestId));
    }

    @Test
    void oneOutputPerTemplateVariantAndFormatWithItsRequest() {
        List<PlannedOutput> outputs = Specs.campaign(dir, SPEC).outputs();

        // table: 2 x 2 variants, hero: 2 (it does not use season); 3 formats each
        assertThat(outputs).hasSize((4 + 2) * 3);
        assertThat(outputs).extracting(o -> o.key().path()).startsWith(
                "spring/square/table-a-teapot_spring", "spring/landscape/table-a-teapot_spring",
                "spring/thumb/table-a-teapot_spring", "spring/square/table-a-teapot_summer");
        PlannedOutput landscape = outputs.get(1);
        GenerationRequest request = landscape.request(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(request.getRequestId()).isEqualTo("spring-" + landscape.fingerprint().substring(0, 16));
        assertThat(request.getTenantId()).isEqualTo("demo");
        assertThat(request.getCampaignId()).isEqualTo("spring");
        assertThat(request.getPriority()).isEqualTo(Priority.LOW);
        assertThat(request.getMode()).isEqualTo(GenerationMode.TEXT_TO_VIDEO);
        assertThat(request.getPrompt()).isEqualTo("a teapot on a spring table, colour palette: sage green");
        assertThat(request.getNegativePrompt()).isEqualTo("blurry");
        assertThat(request.getWidth()).isEqualTo(1280);
        assertThat(request.getDurationSeconds()).isEqualTo(3.0);
        assertThat(request.getFps()).isEqualTo(24);
        assertThat(request.getSteps()).isEqualTo(8);
        assertThat(request.getSeed()).isEqualTo(landscape.seed());
        assertThat(request.getModel()).isEqualTo("reelflow-dit-xs");
        assertThat(request.getSubmittedAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(request.getLabels()).containsEntry("campaign-template", "table")
                .containsEntry("campaign-variant", "a-teapot_spring").containsEntry("campaign-format", "landscape");
        assertThat(outputs.get(0).request().getSteps()).isEqualTo(24); // the model's default, made explicit
        assertThat(outputs.get(0).request().getFps()).isNull();
    }

    @Test
    void keysAndIdsDoNotDependOnWhereThingsSitInTheFile() {
        String reordered = """
                brand:
                  palette: [sage green]
                formats:
                  thumb: {seed: random, output: image 256x256}
                  landscape: {steps: 8, output: video 1280x720 3s}
                  square: image 1024x1024
                cross: [season, product]
                variables:
                  season: [summer, spring]
                  product: [a jug, a teapot]
                templates:
                  hero: "close-up of {product}"
                  table: "{product} on a {season} table"
                negative-prompt: blurry
                tenant: demo
                campaign: spring
                """;

        assertThat(ids(reordered)).isEqualTo(ids(SPEC));
        assertThat(Specs.campaign(dir, reordered).outputs().get(0).key().path()).isEqualTo("spring/thumb/hero-a-jug");
    }

    @Test
    void aChangeChangesTheIdsOfExactlyTheOutputsItTouches() {
        Map<String, String> before = ids(SPEC);

        assertThat(changed(before, ids(SPEC.replace("{product} on a {season} table", "{product} on a {season} desk"))))
                .hasSize(4 * 3).allMatch(key -> key.contains("/table-"));
        assertThat(changed(before, ids(SPEC.replace("steps: 8", "steps: 10"))))
                .hasSize(6).allMatch(key -> key.startsWith("spring/landscape/"));
        assertThat(changed(before, ids(SPEC.replace("negative-prompt: blurry", "negative-prompt: grainy"))))
                .hasSize(18);
        assertThat(changed(before, ids(SPEC.replace("[sage green]", "[cream]")))).hasSize(18);
        assertThat(changed(before, ids(SPEC.replace("tenant: demo", "tenant: demo\npriority: HIGH")))).isEmpty();
        // a new value adds outputs and changes none of the others
        Map<String, String> more = ids(SPEC.replace("[spring, summer]", "[spring, summer, autumn]"));
        assertThat(more).hasSize(18 + 2 * 3);
        assertThat(changed(before, more)).isEmpty();
    }

    @Test
    void aChangedLogoChangesEveryOutput() throws Exception {
        Files.write(dir.resolve("logo.png"), BrandKitOutputsTest.image(0xffe01010, "png"));
        String spec = SPEC.replace("brand:\n", "brand:\n  logo: logo.png\n");
        Map<String, String> before = ids(spec);
        Files.write(dir.resolve("logo.png"), BrandKitOutputsTest.image(0xff1030e0, "png"));

        assertThat(changed(before, ids(spec))).hasSize(18);
    }

    @Test
    void seedsFollowThePolicyAndRepeatOnEveryRun() {
        List<PlannedOutput> outputs = Specs.campaign(dir, SPEC.replace("tenant: demo", "tenant: demo\nseed: per-variant"))
                .outputs();
        Map<String, PlannedOutput> byPath = outputs.stream().collect(Collectors.toMap(o -> o.key().path(), Function.identity()));
        long square = byPath.get("spring/square/table-a-teapot_spring").seed();

        assertThat(byPath.get("spring/landscape/table-a-teapot_spring").seed()).isEqualTo(square);
        assertThat(byPath.get("spring/square/table-a-teapot_summer").seed()).isNotEqualTo(square);
        assertThat(byPath.get("spring/thumb/table-a-teapot_spring").seed()).isNotEqualTo(square); // random
        assertThat(byPath.get("spring/thumb/table-a-teapot_summer").seed())
                .isNotEqualTo(byPath.get("spring/thumb/table-a-teapot_spring").seed());
        assertThat(Specs.campaign(dir, SPEC).outputs()).extracting(PlannedOutput::seed)
                .isEqualTo(outputs.stream().map(PlannedOutput::seed).toList());
        assertThat(Specs.campaign(dir, SPEC.replace("tenant: demo", "tenant: demo\nseed: 42")).outputs())
                .filteredOn(o -> !o.key().format().equals("thumb")).extracting(PlannedOutput::seed).containsOnly(42L);
    }

    @Test
    void variantKeysAreSlugsOfTheValuesAndCollisionsAreErrors() {
        assertThat(Variants.key(Map.of("b", "Crème Brûlée!", "a", "Spring 2027"))).isEqualTo("spring-2027_creme-brulee");
        assertThat(Variants.key(Map.of())).isEqualTo("base");

        ParsedSpec parsed = Specs.parse(dir, SPEC.replace("[a teapot, a jug]", "[a teapot, A Teapot!]"));
        assertThat(parsed.errors()).extracting(SpecProblem::toString).anySatisfy(p -> assertThat(p)
                .endsWith(":5:10: template 'table': variants {product=a teapot, season=spring} and "
                        + "{product=A Teapot!, season=spring} get the same key 'a-teapot_spring'; make their values "
                        + "differ in letters or digits"));
    }

    private static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(after::containsKey)
                .filter(key -> !before.get(key).equals(after.get(key))).toList();
    }
}
