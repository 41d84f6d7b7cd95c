package io.reelflow.operators.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import io.reelflow.config.StorageConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.model.ModelManifest;
import io.reelflow.operators.store.S3ProxyServer;
import io.reelflow.operators.store.StoredObjects;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model catalog over an s3:// repository on a real S3 server, found through the service loader. */
class ObjectStoreModelRepositoryTest {

    private static final String MODEL = "reelflow-dit-xs";

    private static S3ProxyServer server;
    private static StoredObjects objects;
    private static StorageConfig storage;
    private static byte[] weights;

    @BeforeAll
    static void publishModel() throws Exception {
        server = S3ProxyServer.start();
        objects = new StoredObjects(server);
        storage = server.storage("outputs");
        objects.client().makeBucket(MakeBucketArgs.builder().bucket("models").build());
        put("released/" + MODEL + "/model.json",
                Files.readAllBytes(Path.of("../../models", MODEL, "model.json")));
        weights = new byte[3 << 20];
        new Random(7).nextBytes(weights);
        put("released/" + MODEL + "/weights.params", weights);
    }

    @AfterAll
    static void stop() throws Exception {
        objects.close();
        server.close();
    }

    @Test
    void readsManifestAndWeightsOfAModelPublishedToTheStore() throws Exception {
        for (String repository : new String[] {"s3://models/released", "s3://models/released/"}) {
            ModelCatalog catalog = new ModelCatalog(repository, storage);

            ModelManifest manifest = catalog.find(MODEL).orElseThrow();
            assertThat(manifest.id()).isEqualTo(MODEL);
            try (InputStream in = catalog.open(MODEL, manifest.weights()).orElseThrow()) {
                assertThat(in.readAllBytes()).isEqualTo(weights);
            }
        }
    }

    @Test
    void aModelOrFileThatIsNotThereIsAbsentNotAnError() {
        ModelCatalog catalog = new ModelCatalog("s3://models/released", storage);

        assertThat(catalog.find("no-such-model")).isEmpty();
        assertThat(catalog.open(MODEL, "no-such-file.bin")).isEmpty();
        assertThat(new ModelCatalog("s3://no-such-bucket/models", storage).find(MODEL)).isEmpty();
    }

    @Test
    void aRemoteRepositoryNeedsStorageSettings() {
        assertThatThrownBy(() -> new ModelCatalog("s3://models/released").find(MODEL))
                .hasMessageContaining("needs the storage settings");
        assertThatThrownBy(() -> new ModelCatalog("gs://models/released", storage).find(MODEL))
                .hasMessageContaining("no model repository implementation for gs://models/released");
    }

    private static void put(String key, byte[] bytes) throws Exception {
        objects.client().putObject(PutObjectArgs.builder().bucket("models").object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
    }
}
