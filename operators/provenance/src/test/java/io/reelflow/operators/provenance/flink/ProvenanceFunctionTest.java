package io.reelflow.operators.provenance.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ProvenanceConfig;
import io.reelflow.operators.provenance.ManifestVerifier;
import io.reelflow.operators.provenance.SigningKeys;
import io.reelflow.operators.provenance.TestAssets;
import io.reelflow.operators.provenance.Verification;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.OutputRole;
import io.reelflow.schema.ResultStatus;
import java.util.Collection;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ProvenanceFunctionTest {

    private static final SigningKeys KEYS = SigningKeys.generate();
    private static final ProvenanceConfig CONFIG = new ProvenanceConfig(
            io.reelflow.operators.provenance.internal.Pem.text(KEYS.privateKey().getEncoded(), "PRIVATE KEY"),
            KEYS.publicPem(), List.of());

    @Test
    void everyFileLeavesSignedWithItsManifestAttached() throws Exception {
        try (OneInputStreamOperatorTestHarness<Encoded, Encoded> harness = harness()) {
            harness.processElement(TestAssets.image("demo"), 1L);

            List<Encoded> out = harness.extractOutputValues();
            assertThat(out).hasSize(1);
            EncodedFile file = out.get(0).files().get(0);
            assertThat(file.manifest()).isNotNull();
            Verification verification = new ManifestVerifier(List.of(KEYS.publicKey())).verify(file.bytes(), null);
            assertThat(verification.status()).isEqualTo(Verification.Status.VERIFIED);
            assertThat(out.get(0).trace().timingsMs()).containsKey(Stages.SIGN);
            assertThat(harness.getSideOutput(PipelineOutputs.RESULTS)).isNullOrEmpty();
        }
    }

    @Test
    void aDamagedFileFailsItsRequestWithTheReason() throws Exception {
        byte[] png = TestAssets.png(16, 16);
        byte[] damaged = java.util.Arrays.copyOf(png, png.length - 12); // IEND cut off
        Encoded encoded = new Encoded(TestAssets.trace("demo"), List.of(
                new EncodedFile("output.png", OutputRole.PRIMARY, "image/png", damaged, 16, 16, 1, 0)));

        try (OneInputStreamOperatorTestHarness<Encoded, Encoded> harness = harness()) {
            harness.processElement(encoded, 1L);

            assertThat(harness.extractOutputValues()).isEmpty();
            List<GenerationResult> results = values(harness.getSideOutput(PipelineOutputs.RESULTS));
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
                assertThat(r.getErrorCode()).isEqualTo("PROVENANCE_FAILED");
                assertThat(r.getErrorMessage()).contains("output.png").contains("IEND");
            });
        }
    }

    private static OneInputStreamOperatorTestHarness<Encoded, Encoded> harness() throws Exception {
        OneInputStreamOperatorTestHarness<Encoded, Encoded> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ProvenanceFunction(CONFIG));
        harness.open();
        return harness;
    }

    private static <T> List<T> values(Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
