package io.reelflow.operators.generate.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.GenerateOutcome;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.RecordedMetrics;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The GPU/worker and cost views' serving metrics, as the generate operator registers them. */
class ServingMetricsTest {

    private static final String TENANT = "{input-buckets: [], visible-mark: null, watermark-secret: null,"
            + " moderation-policy: null, id: ";

    private final RecordedMetrics metrics = new RecordedMetrics();

    @Test
    void deviceTimeIsSharedOutPerConfiguredTenant() throws Exception {
        ReelflowConfig config = ConfigLoader.builder()
                .set("tenants.known", "[" + TENANT + "demo}, " + TENANT + "acme}, " + TENANT + "idle}]")
                .build();
        AsyncWaitOperatorFactory<Trace, GenerateOutcome> factory = new AsyncWaitOperatorFactory<>(
                new GenerateFunction(config), 600_000, 4, AsyncDataStream.OutputMode.UNORDERED);
        List<Trace> traces = List.of(
                TestRequests.trace(TestRequests.image("d-1", 256, 256).setSteps(3).build()),
                TestRequests.trace(TestRequests.image("d-2", 256, 256).setSteps(3).build()),
                TestRequests.trace(TestRequests.image("a-1", 256, 256).setTenantId("acme").setSteps(3).build()));

        double demo;
        double acme;
        double idle;
        double compute;
        int devices;
        try (MockEnvironment environment = metrics.environment("generate");
                OneInputStreamOperatorTestHarness<Trace, GenerateOutcome> harness = new OneInputStreamOperatorTestHarness<>(
                        factory, TypeInformation.of(Trace.class).createSerializer(new SerializerConfigImpl()),
                        environment)) {
            harness.setup();
            harness.open();
            for (int i = 0; i < traces.size(); i++) {
                harness.processElement(traces.get(i), i);
            }
            harness.endInput();
            assertThat(harness.extractOutputValues()).hasSize(3)
                    .allSatisfy(o -> assertThat(o).isInstanceOf(GenerateOutcome.Generated.class));
            demo = (Double) metrics.gauge("device_seconds", "tenant", "demo");
            acme = (Double) metrics.gauge("device_seconds", "tenant", "acme");
            idle = (Double) metrics.gauge("device_seconds", "tenant", "idle");
            compute = (Double) metrics.gauge("compute_seconds");
            devices = (Integer) metrics.gauge("devices");
        }

        assertThat(devices).isEqualTo(1);

        assertThat(metrics.labelValues("device_seconds", "tenant")).containsExactlyInAnyOrder("demo", "acme", "idle");
        assertThat(demo).isPositive();
        assertThat(acme).isPositive();
        assertThat(idle).isZero();
        // Each execution's time is split among its batch: the shares add up to the device time (to the nanosecond).
        assertThat(demo + acme).isCloseTo(compute, within(1e-6));
    }
}
