package io.reelflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads by role, from Linux's {@code /proc/PID/task/TID/stat}: what the scaling benchmark
 * needs to tell the model's sampling thread from the stages after it and from the JVM's own threads. Empty where
 * there is no {@code /proc}.
 */
final class ThreadCpu {

    /** Roles by the start of a thread's name (Linux keeps the first 15 bytes of it), first match wins. */
    static final Map<String, List<String>> ROLES = roles();
    /** {@code /proc} counts CPU time in USER_HZ ticks, 100 per second on Linux's user-space ABI. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ThreadCpu() {}

    private static Map<String, List<String>> roles() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("sampling", List.of("reelflow-infer-")); // the serving engine's worker: every forward pass
        roles.put("chain", List.of("cancel-relay ->")); // the generate vertex's task thread: gate 3, watermark,
                                                        // encode, sign, store
        roles.put("jit", List.of("C1 CompilerThre", "C2 CompilerThre"));
        roles.put("gc", List.of("GC Thread", "G1 "));
        return roles;
    }

    /** Seconds of CPU per role of the live threads of {@code pid}; threads of no role are left out. */
    static Map<String, Double> byRole(long pid) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        ROLES.keySet().forEach(role -> seconds.put(role, 0.0));
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return Map.of();
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(thread -> {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    role(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))
                            .ifPresent(role -> seconds.merge(role, cpuSeconds(stat), Double::sum));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return seconds;
    }

    static Optional<String> role(String threadName) {
        return ROLES.entrySet().stream().filter(role -> role.getValue().stream().anyMatch(threadName::startsWith))
                .map(Map.Entry::getKey).findFirst();
    }

    /** utime + stime of one {@code stat} line: fields 14 and 15, counted after the name in parentheses. */
    static double cpuSeconds(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(after[11]) + Long.parseLong(after[12])) / TICKS_PER_SECOND;
    }
}
