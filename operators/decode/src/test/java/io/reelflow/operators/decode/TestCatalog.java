package io.reelflow.operators.decode;

import io.reelflow.model.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The built-in reference model plus {@code omni-test} (every mode) and {@code text-only-test}, in a directory catalog. */
final class TestCatalog {

    static final String OMNI = "omni-test";
    static final String TEXT_ONLY = "text-only-test";

    private TestCatalog() {}

    static ModelCatalog create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("reelflow-dit-xs"));
        try (InputStream in = TestCatalog.class.getResourceAsStream("/models/reelflow-dit-xs/model.json")) {
            Files.copy(in, dir.resolve("reelflow-dit-xs/model.json"));
        }
        Files.createDirectories(dir.resolve(OMNI));
        Files.writeString(dir.resolve(OMNI + "/model.json"), """
                {"id": "omni-test", "version": "1", "description": "test manifest", "trained": false,
                 "modes": ["TEXT_TO_IMAGE", "TEXT_TO_VIDEO", "IMAGE_TO_VIDEO", "EXTEND_VIDEO", "CONNECT_VIDEOS", "EDIT_VIDEO"],
                 "prediction": "flow", "latent": "identity", "native-fps": 8, "max-native-frames": 480,
                 "samplers": ["flow-euler", "flow-heun"], "defaults": {"steps": 12, "guidance": 4.0, "shift": 1.0},
                 "weights": null, "architecture": {"type": "none"}}
                """);
        Files.createDirectories(dir.resolve(TEXT_ONLY));
        Files.writeString(dir.resolve(TEXT_ONLY + "/model.json"), """
                {"id": "text-only-test", "version": "1", "description": "test manifest", "trained": false,
                 "modes": ["TEXT_TO_IMAGE", "TEXT_TO_VIDEO"],
                 "prediction": "flow", "latent": "identity", "native-fps": 8, "max-native-frames": 480,
                 "samplers": ["flow-euler"], "defaults": {"steps": 12, "guidance": 4.0, "shift": 1.0},
                 "weights": null, "architecture": {"type": "none"}}
                """);
        return new ModelCatalog(dir.toString());
    }
}
