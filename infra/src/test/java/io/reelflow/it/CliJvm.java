package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reelflow CLI in its own JVM, as ./reelflow does, from the module's build output. */
final class CliJvm {

    private static final Path LAUNCHER = Path.of("target", "launcher");

    private CliJvm() {}

    /** Returns the CLI's standard output; fails on a non-zero exit, with its standard error. */
    static String run(Path dataDir, List<String> args) throws Exception {
        Path err = Files.createTempFile(dataDir, "cli-", ".err");
        Process cli = start(dataDir, err, args);
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cli.waitFor(3, TimeUnit.MINUTES)) {
            cli.destroyForcibly();
        }
        assertThat(cli.exitValue()).as("reelflow %s: %s", String.join(" ", args), Files.readString(err)).isZero();
        return out;
    }

    /** Starts the CLI with temporary files and logs under {@code dataDir}, its standard error to {@code err}. */
    static Process start(Path dataDir, Path err, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(Files.readString(LAUNCHER.resolve("jvm.options")).trim().split("\\s+")));
        command.add("-Xmx512m");
        for (String key : List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "org.bytedeco.javacpp.cachedir")) {
            command.add("-D" + key + "=" + Path.of(System.getProperty(key)).toAbsolutePath());
        }
        command.add("-Djava.io.tmpdir=" + dataDir);
        command.add("-Dlog4j.configurationFile=log4j2-cli.xml");
        command.add("-Dreelflow.log.dir=" + dataDir);
        command.add("-cp");
        command.add(Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(LAUNCHER.resolve("classpath.txt")).trim());
        command.add("io.reelflow.cli.ReelflowCli");
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }

    /** {@code command} followed by {@code settings} ({@code --set key=value} pairs). */
    static List<String> withSettings(List<String> settings, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(settings);
        return all;
    }
}
