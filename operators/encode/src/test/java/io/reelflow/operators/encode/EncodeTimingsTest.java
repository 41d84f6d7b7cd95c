package io.reelflow.operators.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.EncodedFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures, never asserts, encode times and heap: run with {@code -Dreelflow.bench=true -Dtest=EncodeTimingsTest}.
 * Off by default so the suite stays short on shared machines.
 */
@EnabledIfSystemProperty(named = "reelflow.bench", matches = "true")
class EncodeTimingsTest {

    private final ClipEncoder encoder = ClipEncoder.builder().config(ReelflowConfig.defaults()).build();

    @Test
    void measure() throws Exception {
        encoder.encode(TestClips.clip(TestClips.video(320, 180, 24, 8), TestClips.scene(144, 80, 3), 8, null));

        for (int run = 0; run < 2; run++) {
            time("1 s 1080p24 MP4",
                    TestClips.clip(TestClips.video(1920, 1080, 24, 24), TestClips.scene(144, 80, 8), 8, null));
            time("2048x2048 PNG", TestClips.clip(TestClips.image(2048, 2048), TestClips.scene(128, 128, 1), 0, null));
        }
        Clip tenSeconds = TestClips.clip(TestClips.video(1920, 1080, 24, 240), TestClips.scene(144, 80, 80), 8, null);
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        time("10 s 1080p24 MP4", tenSeconds);
        running.set(false);
        sampler.join();
        System.out.printf("BENCH heap used before %d MB, peak during the 10 s encode %d MB (incl. garbage)%n",
                before >> 20, peak.get() >> 20);
    }

    private void time(String what, Clip clip) {
        long start = System.nanoTime();
        EncodeOutcome outcome = encoder.encode(clip);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(outcome).isInstanceOf(EncodeOutcome.Done.class);
        StringBuilder sizes = new StringBuilder();
        for (EncodedFile file : ((EncodeOutcome.Done) outcome).encoded().files()) {
            sizes.append(' ').append(file.name()).append('=').append(file.bytes().length / 1024).append(" KB");
        }
        System.out.printf("BENCH %-18s %6d ms%s%n", what, millis, sizes);
    }
}
