package io.reelflow.operators.store.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.operators.store.S3ProxyServer;
import io.reelflow.operators.store.StoredObjects;
import io.reelflow.pipeline.ObjectWrite;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ObjectWriteFunctionTest {

    @Test
    void writesObjectsUnderTheOutputBucketAndRefusesUnsafeKeys() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start();
                StoredObjects objects = new StoredObjects(server);
                OneInputStreamOperatorTestHarness<ObjectWrite, String> harness =
                        ProcessFunctionTestHarnesses.forProcessFunction(new ObjectWriteFunction(server.storage("summaries")))) {
            byte[] json = "{\"requests_total\":2}".getBytes(StandardCharsets.UTF_8);

            harness.processElement(new ObjectWrite("acme/campaigns/c1/summary.json", "application/json", json), 0);

            assertThat(harness.extractOutputValues()).containsExactly("s3://summaries/acme/campaigns/c1/summary.json");
            assertThat(objects.bytes("s3://summaries/acme/campaigns/c1/summary.json")).isEqualTo(json);
            assertThatThrownBy(() -> harness.processElement(
                            new ObjectWrite("acme/../other/summary.json", "application/json", json), 0))
                    .hasMessageContaining("not a safe object key segment");
        }
    }
}
