package io.reelflow.operators.generate;

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

    private record Key(GenerationConfig generation, int defaultFps, AssetReader.Factory assets) {}

    private static final class Shared {
        private final GenerationEngine engine;
        private int users;

        private Shared(GenerationEngine engine) {
            this.engine = engine;
        }
    }

    private static final Map<Key, Shared> ENGINES = new HashMap<>();

    private GenerationEngines() {}

    public static synchronized GenerationEngine acquire(ReelflowConfig config) {
        return acquire(config, AssetReader.Factory.none());
    }

    /** The engine for {@code config} whose input assets come from a reader made by {@code assets}. */
    public static synchronized GenerationEngine acquire(ReelflowConfig config, AssetReader.Factory assets) {
        Key key = new Key(config.generation(), config.limits().defaultFps(), assets);
        Shared shared = ENGINES.computeIfAbsent(key, k -> new Shared(
                GenerationEngine.builder().config(config).assets(assets.create(config)).build()));
        shared.users++;
        return shared.engine;
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
