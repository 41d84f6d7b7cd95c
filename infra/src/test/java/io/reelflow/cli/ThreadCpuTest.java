package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void rolesGoByTheStartOfTheThreadsName() {
        assertThat(ThreadCpu.role("reelflow-infer-")).contains("sampling");
        assertThat(ThreadCpu.role("cancel-relay ->")).contains("chain");
        assertThat(ThreadCpu.role("C2 CompilerThre")).contains("jit");
        assertThat(ThreadCpu.role("G1 Conc#0")).contains("gc");
        assertThat(ThreadCpu.role("Source: request")).isEmpty();
    }

    @Test
    void cpuIsUserPlusSystemTicksAfterTheNameEvenWithParenthesesInIt() {
        String stat = "4242 (a (b) c) S 1 1 1 0 -1 4194368 100 0 0 0 728 5 0 0 20 0 1 0 55 0 0";
        assertThat(ThreadCpu.cpuSeconds(stat)).isEqualTo(7.33);
    }

    @Test
    void aBusySamplingThreadOfThisProcessIsCounted() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/self/task"))).isTrue();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            long sink = 0;
            while (threads.getCurrentThreadCpuTime() < 200_000_000L) { // 0.2 s of CPU, whatever the wall time
                sink += System.nanoTime() % 7;
            }
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(sink).isNotNegative();
        }, "reelflow-infer-test");
        worker.start();
        try {
            busy.await();
            assertThat(ThreadCpu.byRole(ProcessHandle.current().pid()).get("sampling")).isGreaterThanOrEqualTo(0.15);
        } finally {
            release.countDown();
            worker.join();
        }
    }
}
