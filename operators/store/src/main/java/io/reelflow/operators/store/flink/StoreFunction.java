package io.reelflow.operators.store.flink;

import io.reelflow.config.StorageConfig;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.operators.store.StoreOutcome;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stores each request's files. The main output is its SUCCEEDED result (the job writes it to the results topic with
 * every stage's side-output results), with STORED and COMPLETED events; a request held for review becomes a review
 * task and a HELD_FOR_REVIEW event, its files in the quarantine bucket; a request the store refuses becomes a
 * FAILED result and event on the side outputs. A store that stays unavailable ({@link AssetStore.Unavailable}) fails
 * the task: Flink restarts the job from its last checkpoint and the request is replayed once the store is back.
 * Besides the stage's metrics it counts objects and bytes stored and requests held, and {@code latency_ms}: from the
 * job accepting a request (decode) to its outputs stored, the latency SLO's measure (dashboards/README.md).
 */
public final class StoreFunction extends ProcessFunction<Encoded, GenerationResult> {

    private static final long serialVersionUID = 1L;

    private final StorageConfig storage;
    private final String publicKeyPem;

    private transient AssetStore store;
    private transient StageMetrics metrics;
    private transient Counter objectsStored;
    private transient Counter bytesStored;
    private transient Counter heldForReview;
    private transient Histogram latencyMs;

    /** {@code publicKeyPem}: the provenance public key to publish when opening, or null. */
    public StoreFunction(StorageConfig storage, String publicKeyPem) {
        this.storage = storage;
        this.publicKeyPem = publicKeyPem;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), Stages.STORE);
        objectsStored = metrics.group().counter("objects_stored");
        bytesStored = metrics.group().counter("bytes_stored");
        heldForReview = metrics.group().counter("held_for_review");
        latencyMs = metrics.histogram("latency_ms");
        store = AssetStore.builder().storage(storage).build();
        store.open();
        if (publicKeyPem != null) {
            store.write(new ObjectWrite(AssetStore.PUBLIC_KEY_KEY, "application/x-pem-file",
                    publicKeyPem.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Override
    public void processElement(Encoded encoded, Context ctx, Collector<GenerationResult> out) throws Exception {
        metrics.received();
        StoreOutcome outcome = store.store(encoded);
        GenerationResult result = outcome.result();
        if (outcome instanceof StoreOutcome.Stored stored) {
            out.collect(result);
            ctx.output(PipelineOutputs.EVENTS, Outcomes.event(
                    stored.trace(), EventType.STORED, stored.millis(), null, result.getCompletedAt()));
            ctx.output(PipelineOutputs.EVENTS, Outcomes.event(
                    stored.trace(), EventType.COMPLETED, null, null, result.getCompletedAt()));
            metrics.passed(stored.millis());
            latencyMs.update(System.currentTimeMillis() - stored.trace().acceptedAtMillis());
            objectsStored.inc(stored.objects());
            bytesStored.inc(stored.bytes());
        } else if (outcome instanceof StoreOutcome.Held held) {
            // No result yet: the reviewer's decision publishes it (reelflow review).
            ctx.output(PipelineOutputs.REVIEWS, held.task());
            ctx.output(PipelineOutputs.EVENTS, Outcomes.event(held.trace(), EventType.HELD_FOR_REVIEW, held.millis(),
                    "outputs quarantined in " + storage.quarantineBucket() + " until a reviewer decides",
                    held.task().getHeldAt()));
            metrics.passed(held.millis());
            heldForReview.inc();
            objectsStored.inc(held.objects());
            bytesStored.inc(held.bytes());
        } else if (outcome instanceof StoreOutcome.Failed failed) {
            PipelineOutputs.end(ctx, metrics, failed.trace(), ResultStatus.FAILED, failed.why(), failed.millis());
        }
    }

    @Override
    public void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }
}
