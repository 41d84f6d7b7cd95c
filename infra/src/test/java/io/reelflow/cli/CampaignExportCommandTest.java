package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.local.EmbeddedS3;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.pipeline.Sha256;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command against a real S3 server (S3Proxy): its messages and exit codes, and a forged manifest refused. */
class CampaignExportCommandTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    @TempDir
    Path dir;

    private EmbeddedS3 s3;
    private ReelflowConfig config;

    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void startS3() throws Exception {
        s3 = EmbeddedS3.start(ConfigLoader.builder().set("storage.endpoint", "http://127.0.0.1:0").build().storage(),
                dir.resolve("s3"));
        config = ConfigLoader.builder().set("storage.endpoint", s3.endpoint()).build();
    }

    @AfterEach
    void stopS3() throws Exception {
        s3.close();
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ReelflowCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = Stream.concat(Stream.of(args), Stream.of("--set", "storage.endpoint=" + s3.endpoint()))
                .toList();
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aCampaignWithoutAManifestSaysToRunItFirst() {
        Run run = run("campaign", "export", "spring", "--out", dir.resolve("out").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("reelflow campaign export: no manifest for campaign spring of tenant demo at"
                + " s3://reelflow-outputs/demo/campaigns/spring/manifest.json; run `reelflow campaign run` first"
                + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anIdThatCouldEscapeTheDirectoryIsAUsageError() {
        Run run = run("campaign", "export", "..", "--out", dir.resolve("out").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("campaign '..' is not 1-255 of A-Z a-z 0-9 . _ -");
    }

    @Test
    void aForgedManifestWritesNothingOutsideTheCampaignsDirectoryAndReadsNoOtherTenantsObjects() throws Exception {
        String good = "demo/spring-1/image.png";
        put(good, PNG);
        put("acme/secret-1/image.png", PNG);
        String sha = Sha256.hex(PNG);
        String bucket = "s3://" + config.storage().bucket() + "/";
        String manifest = "["
                + row("spring/square/hero-a", "hero", "a", "square", bucket + good, sha) + ","
                // the key names escape, and so do the names it claims to be made of
                + row("spring/../../escaped", "..", "..", "..", bucket + good, sha) + ","
                + row("spring/square/hero-b", "hero", "../../../../tmp/x", "square", bucket + good, sha) + ","
                + row("/etc/passwd", "hero", "c", "/etc", bucket + good, sha) + ","
                + row("spring/square/hero-\u001b[31mred", "hero", "\u001b[31mred", "square", bucket + good, sha) + ","
                // another tenant's object, and a traversal into it
                + row("spring/square/hero-d", "hero", "d", "square", bucket + "acme/secret-1/image.png", sha) + ","
                + row("spring/square/hero-e", "hero", "e", "square", bucket + "demo/../acme/secret-1/image.png", sha) + ","
                // a second row claiming the first one's file
                + row("spring/square/hero-a", "hero", "a", "square", bucket + good, sha) + ","
                + "\"not a row\"]";
        put("demo/campaigns/spring/manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("out");

        Run run = run("campaign", "export", "spring", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("s3"))))
                    .containsExactlyInAnyOrder(out.resolve("spring/square/hero-a.png"),
                            out.resolve("spring/manifest.json"), out.resolve("spring/manifest.csv"));
        }
        assertThat(Files.readAllBytes(out.resolve("spring/square/hero-a.png"))).isEqualTo(PNG);
        assertThat(run.out()).doesNotContain("\u001b").contains(
                "exported   square/hero-a.png",
                "error      spring/../../escaped: template '..' is not a name the spec makes",
                "error      spring/square/hero-b: variant '../../../../tmp/x' is not a name the spec makes",
                "error      /etc/passwd: format '/etc' is not a name the spec makes",
                "error      spring/square/hero-\\u001b[31mred: variant '\\u001b[31mred' is not a name",
                "error      spring/square/hero-d: object 's3://reelflow-outputs/acme/secret-1/image.png' is not one of"
                        + " tenant demo's",
                "error      spring/square/hero-e: object 's3://reelflow-outputs/demo/../acme/secret-1/image.png' has an"
                        + " unsafe key segment '..'",
                "error      spring/square/hero-a: another row of the manifest is also exported as square/hero-a.png",
                "error      row 9: not a JSON object",
                "1 exported (0 unchanged), 0 skipped by status, 8 errors");
    }

    private void put(String key, byte[] bytes) throws Exception {
        try (AssetStore store = AssetStore.builder().storage(config.storage()).build()) {
            store.write(new ObjectWrite(key, "application/octet-stream", bytes));
        }
    }

    private static String row(String key, String template, String variant, String format, String uri, String sha) {
        return """
                {"key": %s, "template": %s, "variant": %s, "format": %s, "status": "SUCCEEDED", "object_uri": %s,
                 "content_type": "image/png", "sha256": "%s"}""".formatted(json(key), json(template), json(variant),
                json(format), json(uri), sha);
    }

    private static String json(String text) {
        return new com.fasterxml.jackson.databind.node.TextNode(text).toString();
    }
}
