package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CampaignSpecCommandsTest {

    private static final Path EXAMPLE = Path.of("../examples/spring-launch.yaml");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ReelflowCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void validatePrintsTheOutputCountOfAGoodSpec() {
        Run run = run("campaign", "validate", EXAMPLE.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("OK: 108 outputs" + System.lineSeparator());
    }

    @Test
    void validatePrintsEveryErrorWithItsLineAndExitsOne() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, """
                campaign: spring
                tenant: demo
                templates:
                  hero: "{product} on a {colour} table"
                variables:
                  product: [teapot]
                  season: [spring]
                cross: [product, season]
                formats:
                  square: image 4096x4096
                budget: {max-outputs: 0}
                """);

        Run run = run("campaign", "validate", spec.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                spec + ":4:9: template 'hero' uses {colour}, which no table in variables has",
                spec + ":7:11: warning: variable 'season' of table 'season' is used by no template",
                spec + ":10:11: format 'square': image size 4096x4096: width and height must be 64-2048",
                spec + ":11:23: max-outputs must be positive, got 0");
    }

    @Test
    void warningsAloneExitZero() throws Exception {
        Path spec = dir.resolve("warn.yaml");
        Files.writeString(spec, """
                campaign: spring
                tenant: demo
                templates: {hero: "a {product}"}
                variables: {product: [teapot, jug], season: [spring]}
                cross: [product, season]
                formats: {square: image 512x512}
                """);

        Run run = run("campaign", "validate", spec.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).containsExactly(
                spec + ":4:45: warning: variable 'season' of table 'season' is used by no template", "OK: 2 outputs");
    }

    @Test
    void planPrintsOutputsByFormatAndTemplateWithDeviceTimeAndTheBudget() throws Exception {
        Run full = run("campaign", "plan", EXAMPLE.toString());

        assertThat(full.exit()).isZero();
        assertThat(full.out()).contains("campaign spring-launch (tenant demo, model reelflow-dit-xs 1.2.0, priority LOW): 108 outputs")
                // 27 variants per format; windows x steps x 0.022 s
                .containsPattern("square +image 2048x2048 +27 +4\\.19 +1 +24 +1 +14\\.3")
                .containsPattern("landscape +video 1920x1080 10s 24fps +27 +2\\.07 +240 +24 +13 +185\\.3")
                .containsPattern("portrait +video 1080x1920 15s 24fps +27 +2\\.07 +360 +16 +20 +190\\.1")
                .containsPattern("thumbnail +image 512x512 +27 +0\\.26 +1 +12 +1 +7\\.1")
                .containsPattern("table +48 +")
                .containsPattern("hero +12 +")
                .contains("total: 108 outputs", "estimated 0 h 06 min 37 s of device time")
                .contains("budget: max 600 device s, max 120 outputs covers all 108 outputs");

        Path tight = dir.resolve("tight.yaml");
        Files.copy(EXAMPLE.getParent().resolve("spring-launch-styles.csv"), dir.resolve("spring-launch-styles.csv"));
        Files.createDirectories(dir.resolve("brand"));
        Files.copy(EXAMPLE.getParent().resolve("brand/spring-logo.png"), dir.resolve("brand/spring-logo.png"));
        Files.writeString(tight, Files.readString(EXAMPLE).replace("max-device-seconds: 600", "max-device-seconds: 30"));

        Run cut = run("campaign", "plan", tight.toString());

        assertThat(cut.exit()).isZero();
        // one variant of table costs 0.528 + 6.864 + 7.04 + 0.264 = 14.696 s: 30 s covers two and the third's square
        assertThat(cut.out()).contains("budget: max 30 device s, max 120 outputs covers 9 of 108 outputs (29.9 s); "
                + "left out, 99 outputs (0 h 06 min 07 s):" + System.lineSeparator()
                + "  spring-launch/landscape/table-soft-morning-light_a-ceramic-teapot_early-summer_watercolour");
    }

    @Test
    void planOfABadSpecPrintsItsErrorsAndTheOldCampaignCommandStillNeedsItsFile() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "campaign: spring\ntenant: nobody\n");

        Run plan = run("campaign", "plan", spec.toString());
        Run old = run("campaign");

        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.out()).contains(spec + ":2:9: tenant 'nobody' is not configured");
        assertThat(old.exit()).isEqualTo(2);
        assertThat(old.err()).contains("Missing required option: '--file'");
    }
}
