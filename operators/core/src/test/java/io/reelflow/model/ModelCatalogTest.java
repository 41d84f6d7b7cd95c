package io.reelflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.schema.GenerationMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    @Test
    void readsTheBuiltInReferenceModel() {
        ModelManifest manifest = new ModelCatalog("classpath:models").find("reelflow-dit-xs").orElseThrow();

        assertThat(GenerationMode.values()).allSatisfy(mode -> assertThat(manifest.supports(mode)).isTrue());
        assertThat(manifest.defaultSampler()).isEqualTo("flow-euler");
        assertThat(manifest.architecture().get("type").asText()).isEqualTo("spacetime-dit");
    }

    @Test
    void unknownOrHostileIdsAreAbsentNotErrors(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "not a model");
        ModelCatalog catalog = new ModelCatalog(dir.toString());

        assertThat(catalog.find("no-such-model")).isEmpty();
        assertThat(catalog.find("../secret.txt")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }
}
