package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.decode.flink.DecodeStage;
import io.reelflow.operators.encode.flink.EncodeStage;
import io.reelflow.jobs.kafka.KafkaProgressEvents;
import io.reelflow.operators.generate.flink.ControlStage;
import io.reelflow.operators.generate.flink.GenerateStage;
import io.reelflow.operators.moderation.flink.InputModerateStage;
import io.reelflow.operators.moderation.flink.ModerateStage;
import io.reelflow.operators.moderation.flink.OutputModerateStage;
import io.reelflow.operators.provenance.flink.ProvenanceStage;
import io.reelflow.operators.store.flink.StoreStage;
import io.reelflow.operators.watermark.flink.WatermarkStage;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import io.reelflow.schema.DeadLetter;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationAudit;
import io.reelflow.schema.ReviewTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The one operator chain both jobs run: decode, moderate (prompt), moderate_input (input assets), generate,
 * moderate_output (generated frames), watermark, encode, sign (provenance manifests), store (requests held for
 * review to the quarantine bucket). Jobs differ only in
 * where the raw requests come from and the runtime mode; what comes out is the same.
 */
public final class GenerationPipeline {

    private GenerationPipeline() {}

    /** The chain without cancellation (a bounded campaign has no control topic). */
    public static ChainOutputs build(DataStream<RawRequest> requests, ReelflowConfig config) {
        return build(requests, null, config);
    }

    /** The chain, with cancel commands from {@code controls} (null for none) applied in front of generation. */
    public static ChainOutputs build(DataStream<RawRequest> requests, DataStream<RawRequest> controls,
            ReelflowConfig config) {
        return build(requests, controls, config, null);
    }

    /**
     * Where a stage's outcomes leave it, before they are merged: a consumer attached here chains onto the stage's
     * task, so it sees each outcome as it happens even in BATCH mode, where the merged streams only flow once every
     * stage has ended.
     */
    public interface StageTap {
        /** The results stage {@code stage} ends requests with (every stage's refusals and failures; store's successes). */
        void results(String stage, DataStream<GenerationResult> results);

        /** The review tasks of requests held for review (the store stage's). */
        void reviews(DataStream<ReviewTask> reviews);
    }

    /** The chain, as above, with every stage's outcomes also handed to {@code tap} (null for none). */
    public static ChainOutputs build(DataStream<RawRequest> requests, DataStream<RawRequest> controls,
            ReelflowConfig config, StageTap tap) {
        List<StageStreams<?>> stages = new ArrayList<>();
        StageStreams<Trace> decoded = add(stages, DecodeStage.apply(requests, config));
        ObjectStoreAssets assets = new ObjectStoreAssets(config.storage());
        StageStreams<Trace> moderated = add(stages, ModerateStage.apply(decoded.main(), config));
        StageStreams<Trace> admitted = add(stages, InputModerateStage.apply(moderated.main(), config, assets));
        if (controls != null) {
            admitted = add(stages, ControlStage.apply(admitted.main(), controls, config));
        }
        StageStreams<Clip> generated = add(stages, GenerateStage.apply(admitted.main(), config, assets,
                new KafkaProgressEvents(config.kafka())));
        StageStreams<Clip> checked = add(stages, OutputModerateStage.apply(generated.main(), config));
        StageStreams<Clip> watermarked = add(stages, WatermarkStage.apply(checked.main(), config, assets));
        StageStreams<Encoded> encoded = add(stages, EncodeStage.apply(watermarked.main(), config));
        StageStreams<Encoded> signed = add(stages, ProvenanceStage.apply(encoded.main(), config));
        StageStreams<GenerationResult> stored = add(stages, StoreStage.apply(signed.main(), config));

        DataStream<GenerationResult> results = stored.main();
        if (tap != null) {
            tap.results("stored", stored.main());
            for (StageStreams<?> stage : stages) {
                tap.results(stage.main().getTransformation().getName(), stage.results());
            }
            tap.reviews(stored.reviews());
        }
        DataStream<GenerationEvent> events = null;
        DataStream<DeadLetter> deadLetters = null;
        DataStream<ModerationAudit> audits = null;
        DataStream<ReviewTask> reviews = null;
        for (StageStreams<?> stage : stages) {
            results = results.union(stage.results());
            events = events == null ? stage.events() : events.union(stage.events());
            deadLetters = deadLetters == null ? stage.deadLetters() : deadLetters.union(stage.deadLetters());
            audits = audits == null ? stage.audits() : audits.union(stage.audits());
            reviews = reviews == null ? stage.reviews() : reviews.union(stage.reviews());
        }
        return new ChainOutputs(results, events, deadLetters, audits, reviews);
    }

    private static <T> StageStreams<T> add(List<StageStreams<?>> stages, StageStreams<T> stage) {
        stages.add(stage);
        return stage;
    }
}
