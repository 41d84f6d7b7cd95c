package io.reelflow.operators.generate.internal;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.reelflow.model.ModelCatalog;
import io.reelflow.model.ModelManifest;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.ModelArchitecture;
import io.reelflow.operators.generate.Samplers;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Loads "spacetime-dit" manifests: parameters from the weights file (DJL's parameter format, hashed while read), or,
 * when {@code weights} is null, seeded initialisation from {@code architecture.init-seed}.
 */
public final class SpacetimeDitArchitecture implements ModelArchitecture {

    /** The engine every array of this model lives in. */
    public static final String ENGINE = "PyTorch";

    @Override
    public String type() {
        return DitConfig.TYPE;
    }

    @Override
    public GenerationModel load(ModelManifest manifest, ModelCatalog catalog, Device device) {
        if (!"identity".equals(manifest.latent())) {
            throw new IllegalArgumentException(manifest.id() + ": spacetime-dit is a pixel-space model (latent identity)");
        }
        DitConfig config = DitConfig.parse(manifest.architecture());
        if (config.selfConditioning() && !"flow".equals(manifest.prediction())) {
            throw new IllegalArgumentException(manifest.id() + ": self-conditioning needs flow prediction");
        }
        if (config.frameNoiseShare() > 0) {
            // their fresh noise per step is independent per frame, unlike the noise such a model was trained on
            for (String sampler : manifest.samplers()) {
                if (Samplers.FLOW_EULER_STOCHASTIC.equals(sampler)) {
                    throw new IllegalArgumentException(manifest.id() + ": a model with frame-noise-share cannot offer "
                            + "the stochastic sampler " + sampler);
                }
            }
        }
        // lives as long as the model, i.e. the process (see ModelRegistry)
        NDManager manager = NDManager.newBaseManager(device, ENGINE);
        SpacetimeDitNetwork network = new SpacetimeDitNetwork(config);
        String sha256 = null;
        if (manifest.weights() == null) {
            network.initializeSeeded(manager, config.initSeed());
        } else {
            sha256 = loadWeights(manifest, catalog, network, manager);
        }
        network.freeze();
        // weights only from here on: an op that would put a per-request array here (a parameter as first operand)
        // fails at once instead of leaking memory shared by every thread
        manager.cap();
        return new SpacetimeDitModel(manifest, config, network, new ParameterStore(manager, false), sha256);
    }

    private static String loadWeights(
            ModelManifest manifest, ModelCatalog catalog, SpacetimeDitNetwork network, NDManager manager) {
        try (InputStream raw = catalog.open(manifest.id(), manifest.weights()).orElseThrow(() ->
                new IllegalArgumentException("model " + manifest.id() + ": weights file " + manifest.weights()
                        + " not found in " + catalog.repository()))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            DigestInputStream hashing = new DigestInputStream(new BufferedInputStream(raw), digest);
            network.load(manager, new DataInputStream(hashing));
            if (hashing.read() != -1) {
                throw new MalformedModelException("trailing bytes after the parameters");
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights of " + manifest.id(), e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException("weights of " + manifest.id() + " do not fit its architecture", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
