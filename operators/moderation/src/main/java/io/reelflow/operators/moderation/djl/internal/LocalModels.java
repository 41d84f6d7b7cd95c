package io.reelflow.operators.moderation.djl.internal;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.PairList;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads a classifier's model from a local file or directory through DJL; nothing is fetched. */
public final class LocalModels {

    private LocalModels() {}

    /**
     * @param key the configuration key of the model, named in errors
     * @throws IllegalArgumentException if the path does not exist or the engine cannot load it
     */
    public static ZooModel<NDList, NDList> load(String location, String engine, String key) {
        Path path = existing(location, key);
        try {
            return Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(path)
                    .optEngine(engine)
                    .optTranslator(new NoopTranslator())
                    .build()
                    .loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new IllegalArgumentException(key + ": " + engine + " cannot load " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@code location} as a path that exists. */
    public static Path existing(String location, String key) {
        Path path = Path.of(location);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(key + ": " + path.toAbsolutePath() + " does not exist");
        }
        return path;
    }

    /** The model's input names in order; null when the format does not declare them (TorchScript). */
    public static List<String> inputNames(ZooModel<NDList, NDList> model, String engine) {
        if ("PyTorch".equals(engine)) {
            return null; // DJL could only guess them after a forward pass, and warns when asked before
        }
        PairList<String, Shape> inputs = model.describeInput();
        return inputs == null ? null : inputs.keys();
    }
}
