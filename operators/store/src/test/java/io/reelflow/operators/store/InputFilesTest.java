package io.reelflow.operators.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import io.reelflow.config.ConfigLoader;
import io.reelflow.config.StorageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    private static final String WHAT = "campaign file";
    private static final StorageConfig DEFAULT_STORAGE = ConfigLoader.builder().build().storage();

    @TempDir
    Path dir;

    @Test
    void readsAFileByPathOrFileUri() throws Exception {
        Path file = Files.writeString(dir.resolve("sale.csv"), "prompt\na red bicycle\n");

        assertThat(InputFiles.read(WHAT, file.toString(), DEFAULT_STORAGE, 1024))
                .isEqualTo(Files.readAllBytes(file));
        assertThat(InputFiles.read(WHAT, file.toUri().toString(), DEFAULT_STORAGE, 1024))
                .isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void readsAnObjectFromTheStore() throws Exception {
        byte[] content = "prompt\na red bicycle\n".getBytes(StandardCharsets.UTF_8);
        try (S3ProxyServer server = S3ProxyServer.start(); StoredObjects objects = new StoredObjects(server)) {
            objects.client().makeBucket(MakeBucketArgs.builder().bucket("inputs").build());
            objects.client().putObject(PutObjectArgs.builder().bucket("inputs").object("demo/sale.csv")
                    .data(content, content.length).build());
            StorageConfig storage = server.storage("outputs");

            assertThat(InputFiles.read(WHAT, "s3://inputs/demo/sale.csv", storage, 1024)).isEqualTo(content);
            assertThatThrownBy(() -> InputFiles.read(WHAT, "s3://inputs/demo/sale.csv", storage, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("campaign file s3://inputs/demo/sale.csv: s3://inputs/demo/sale.csv is larger than"
                            + " the 4 bytes allowed");
            assertThatThrownBy(() -> InputFiles.read(WHAT, "s3://inputs/demo/gone.csv", storage, 1024))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("campaign file s3://inputs/demo/gone.csv: no such object: s3://inputs/demo/gone.csv");
        }
    }

    @Test
    void uploadsALocalFileToASharedInputBucketAndNowhereElse() throws Exception {
        Path logo = Files.write(dir.resolve("Logo.PNG"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        try (S3ProxyServer server = S3ProxyServer.start(); StoredObjects objects = new StoredObjects(server)) {
            StorageConfig storage = server.storage("outputs"); // input-buckets: [reelflow-inputs], created on upload
            String uri = "s3://reelflow-inputs/acme/campaigns/spring/logo-0123456789abcdef.png";

            assertThat(InputFiles.upload("campaign logo", logo, uri, storage, 1024)).isEqualTo(uri);
            assertThat(InputFiles.upload("campaign logo", logo, uri, storage, 1024)).as("again: harmless").isEqualTo(uri);

            assertThat(objects.bytes(uri)).isEqualTo(Files.readAllBytes(logo));
            assertThat(objects.stat(uri).contentType()).isEqualTo("image/png");
            assertThatThrownBy(() -> InputFiles.upload("campaign logo", logo, "s3://outputs/acme/logo.png", storage, 1024))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("s3://outputs/acme/logo.png is not in a shared input bucket (storage.input-buckets: [reelflow-inputs])");
            assertThatThrownBy(() -> InputFiles.upload("campaign logo", logo, "s3://reelflow-inputs/acme/../x.png", storage, 1024))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a safe object key segment");
            assertThatThrownBy(() -> InputFiles.upload("campaign logo", logo, uri, storage, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is larger than 4 bytes");
        }
    }

    @Test
    void anUnusableNameOrFileFailsNamingIt() throws Exception {
        Path large = Files.write(dir.resolve("large.csv"), new byte[17]);

        assertThatThrownBy(() -> InputFiles.read(WHAT, dir.resolve("missing.csv").toString(), DEFAULT_STORAGE, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("campaign file " + dir.resolve("missing.csv") + " does not exist");
        assertThatThrownBy(() -> InputFiles.read(WHAT, large.toString(), DEFAULT_STORAGE, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("campaign file " + large + " is larger than 16 bytes");
        assertThatThrownBy(() -> InputFiles.read(WHAT, "https://example.com/sale.csv", DEFAULT_STORAGE, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("campaign file must be s3://bucket/key or a file path, got https://example.com/sale.csv");
        assertThatThrownBy(() -> InputFiles.read(WHAT, "s3://reelflow-inputs", DEFAULT_STORAGE, 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an s3://bucket/key URI");
    }

    @Test
    void anObjectStoreThatCannotBeReachedFailsNamingTheFileAndTheEndpoint() {
        StorageConfig unreachable = ConfigLoader.builder()
                .set("storage.endpoint", "http://127.0.0.1:1").set("storage.upload-attempts", "1").build().storage();

        assertThatThrownBy(() -> InputFiles.read(WHAT, "s3://reelflow-inputs/demo/sale.csv", unreachable, 1024))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot read campaign file s3://reelflow-inputs/demo/sale.csv from "
                        + "http://127.0.0.1:1: ");
    }
}
