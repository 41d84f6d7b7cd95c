package io.reelflow.operators.generate;

import io.reelflow.pipeline.AssetReader;
import io.reelflow.config.GenerationConfig;
import io.reelflow.config.ReelflowConfig;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One {@link GenerationEngine} per configuration and process, shared by every operator instance that asks for it
 * (all the generate subtasks of a TaskManager), so worker threads are not multiplied by slots. Reference-counted: the
 * last {@link #release} closes it.
 */
public final class GenerationEngines {

    private record Key(GenerationConfig generation, int defaultFps, AssetReader.Factory assets,
            ProgressListener.Factory progress) {}

    private static final class Shared {
        private final GenerationEngine engine;
        private int users;
        private boolean metricsClaimed;

        private Shared(GenerationEngine engine) {
            this.engine = engine;
        }
    }

    private static final Map<Key, Shared> ENGINES = new HashMap<>();

    private GenerationEngines() {}

    public static synchronized GenerationEngine acquire(ReelflowConfig config) {
        return acquire(config, AssetReader.Factory.none(), ProgressListener.Factory.none());
    }

    /**
     * The engine for {@code config} whose input assets come from a reader made by {@code assets} and whose progress
     * goes to a listener made by {@code progress}.
     */
    public static synchronized GenerationEngine acquire(ReelflowConfig config, AssetReader.Factory assets,
            ProgressListener.Factory progress) {
        Key key = new Key(config.generation(), config.limits().defaultFps(), assets, progress);
        Shared shared = ENGINES.computeIfAbsent(key, k -> new Shared(GenerationEngine.builder().config(config)
                .assets(assets.create(config)).progress(progress.create(config)).build()));
        shared.users++;
        return shared.engine;
    }

    /** True for the first caller only: the one user that reports the shared engine's metrics. */
    public static synchronized boolean claimMetrics(GenerationEngine engine) {
        for (Shared shared : ENGINES.values()) {
            if (shared.engine == engine && !shared.metricsClaimed) {
                shared.metricsClaimed = true;
                return true;
            }
        }
        return false;
    }

    /** Cancels {@code tenant}'s request {@code requestId} in every engine of this process. */
    public static synchronized boolean cancel(String tenant, String requestId) {
        boolean found = false;
        for (Shared shared : ENGINES.values()) {
            found |= shared.engine.cancel(tenant, requestId);
        }
        return found;
    }

    public static synchronized void release(GenerationEngine engine) {
        for (Iterator<Shared> it = ENGINES.values().iterator(); it.hasNext(); ) {
            Shared shared = it.next();
            if (shared.engine == engine && --shared.users == 0) {
                it.remove();
                engine.close();
            }
        }
    }
}
