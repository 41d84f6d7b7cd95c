package io.reelflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;

/**
 * Flink's plugins directory of the local deployments: {@code infra/target/launcher/plugins}, where the build puts
 * Flink's presto S3 filesystem (one sub-directory per plugin, as in a Flink distribution's {@code plugins/}).
 *
 * <p>A cluster's JVMs find it through {@code FLINK_PLUGINS_DIR}, as Flink's scripts arrange it. A MiniCluster does
 * not load plugins at all, so {@link #initializeFileSystems} does it in this JVM, as a cluster entry point would.
 */
public final class FlinkPlugins {

    private static PluginManager pluginManager;

    private FlinkPlugins() {}

    /** The plugins directory; fails naming it when the S3 filesystem is not there (the build puts it there). */
    public static Path dir() {
        Path dir = besideTheseClasses();
        if (!Files.isDirectory(dir.resolve("s3-fs-presto"))) {
            throw new IllegalStateException("Flink's S3 filesystem plugin is not under " + dir.toAbsolutePath()
                    + "/s3-fs-presto: build the project (mvn package)");
        }
        return dir.toAbsolutePath();
    }

    /**
     * Configures Flink's filesystems in this JVM with {@code config} (the {@code s3.*} settings) and the plugins.
     * The plugin class loaders are made once per JVM: each holds the whole shaded S3 filesystem.
     */
    public static synchronized void initializeFileSystems(Configuration config) {
        if (pluginManager == null) {
            try {
                pluginManager = new DefaultPluginManager(new DirectoryBasedPluginFinder(dir()).findPlugins(),
                        CoreOptions.getPluginParentFirstLoaderPatterns(config));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Flink's plugins under " + dir(), e);
            }
        }
        FileSystem.initialize(config, pluginManager);
    }

    /** {@code target/launcher/plugins} of the infra module: its classes are in target/classes or target/*.jar. */
    private static Path besideTheseClasses() {
        try {
            Path classes = Path.of(FlinkPlugins.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("launcher").resolve("plugins");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the infra module's classes", e);
        }
    }
}
