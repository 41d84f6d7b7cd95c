package io.reelflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reelflow CLI in its own JVM, as ./reelflow does, from the module's build output. */
final class CliJvm {

    private static final Path LAUNCHER = Path.of("target", "launcher");

    private CliJvm() {}

    /** How long one CLI command may take; a hung one is killed and fails the test. */
    private static final long TIMEOUT_MINUTES = 3;

    /** Returns the CLI's standard output; fails on a non-zero exit or a hang, with its standard error. */
    static String run(Path dataDir, List<String> args) throws Exception {
        Path out = Files.createTempFile(dataDir, "cli-", ".out");
        Path err = Files.createTempFile(dataDir, "cli-", ".err");
        Process cli = start(dataDir, err, args, out);
        String command = "reelflow " + String.join(" ", args);
        if (!cli.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            cli.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish within " + TIMEOUT_MINUTES + " minutes and was killed;"
                    + " stdout: " + Files.readString(out) + "\nstderr: " + Files.readString(err));
        }
        assertThat(cli.exitValue()).as("%s: %s", command, Files.readString(err)).isZero();
        return Files.readString(out);
    }

    /** Starts the CLI with temporary files and logs under {@code dataDir}, its standard error to {@code err}. */
    static Process start(Path dataDir, Path err, List<String> args) throws IOException {
        return start(dataDir, err, args, null);
    }

    /** As {@link #start(Path, Path, List)}, with standard output to {@code out} unless it is null (a pipe). */
    private static Process start(Path dataDir, Path err, List<String> args, Path out) throws IOException {
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        if (out != null) {
            builder.redirectOutput(out.toFile());
        }
        return builder.start();
    }

    /** {@code command} followed by {@code settings} ({@code --set key=value} pairs). */
    static List<String> withSettings(List<String> settings, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(settings);
        return all;
    }
}
