package io.reelflow.infra.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One JVM of the cluster as recorded in {@code dataDir/cluster.pid}: name, pid and start time. The start time guards
 * against signalling an unrelated process that got a recorded pid after the cluster's JVM ended.
 */
public record ClusterProcess(String name, long pid, long startMillis) {

    static final String PID_FILE = "cluster.pid";

    static ClusterProcess of(String name, ProcessHandle handle) {
        return new ClusterProcess(name, handle.pid(), handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
    }

    /** The running process this record names, if it still runs. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> startMillis == 0
                || h.info().startInstant().map(Instant::toEpochMilli).orElse(startMillis) == startMillis);
    }

    public boolean isAlive() {
        return handle().isPresent();
    }

    static List<ClusterProcess> readAll(Path dataDir) throws IOException {
        Path file = dataDir.resolve(PID_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<ClusterProcess> processes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                processes.add(new ClusterProcess(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return processes;
    }

    static void writeAll(Path dataDir, List<ClusterProcess> processes) throws IOException {
        Path file = dataDir.resolve(PID_FILE);
        if (processes.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Files.writeString(file, processes.stream().map(p -> p.name() + " " + p.pid() + " " + p.startMillis())
                .collect(Collectors.joining("\n", "", "\n")));
    }

    static void stopAll(List<ClusterProcess> processes) throws InterruptedException {
        stopAll(processes, Duration.ofSeconds(10));
    }

    /** SIGTERM to all (TaskManagers first, so none re-registers), then SIGKILL to whatever outlives {@code grace}. */
    static void stopAll(List<ClusterProcess> processes, Duration grace) throws InterruptedException {
        List<ProcessHandle> handles = processes.stream()
                .sorted((a, b) -> Boolean.compare(a.name().equals("jobmanager"), b.name().equals("jobmanager")))
                .flatMap(p -> p.handle().stream()).toList();
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : handles) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : handles) {
            h.onExit().join();
        }
    }
}
