package io.reelflow.operators.provenance.flink;

import io.reelflow.config.ProvenanceConfig;
import io.reelflow.operators.provenance.ManifestSigner;
import io.reelflow.operators.provenance.SigningKeys;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.ResultStatus;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The sign stage in Flink: embeds and attaches a signed manifest to every encoded file; a file whose structure does
 * not allow it fails its request with PROVENANCE_FAILED on the side outputs.
 */
public final class ProvenanceFunction extends ProcessFunction<Encoded, Encoded> {

    private static final long serialVersionUID = 1L;

    private final ProvenanceConfig config;
    private transient ManifestSigner signer;
    private transient StageMetrics metrics;

    public ProvenanceFunction(ProvenanceConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) throws IOException {
        signer = ManifestSigner.builder()
                .keys(SigningKeys.load(config))
                .promptTenants(config.promptTenants())
                .build();
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), Stages.SIGN);
    }

    @Override
    public void processElement(Encoded encoded, Context ctx, Collector<Encoded> out) {
        metrics.received();
        long started = System.nanoTime();
        try {
            Encoded signed = signer.sign(encoded);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            out.collect(new Encoded(signed.trace().timed(Stages.SIGN, millis), signed.files()));
            metrics.passed(millis);
        } catch (IOException e) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            PipelineOutputs.end(ctx, metrics, encoded.trace().timed(Stages.SIGN, millis), ResultStatus.FAILED,
                    Rejection.of(ErrorCode.PROVENANCE_FAILED, "provenance: " + e.getMessage()), millis);
        }
    }
}
