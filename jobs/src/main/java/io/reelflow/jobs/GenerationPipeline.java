package io.reelflow.jobs;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.decode.flink.DecodeStage;
import io.reelflow.operators.encode.flink.EncodeStage;
import io.reelflow.operators.generate.flink.GenerateStage;
import io.reelflow.operators.moderation.flink.ModerateStage;
import io.reelflow.operators.store.flink.StoreStage;
import io.reelflow.operators.watermark.flink.WatermarkStage;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import io.reelflow.schema.GenerationResult;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The one operator chain both jobs run: decode, moderate, generate, watermark, encode, store. Jobs differ only in
 * where the raw requests come from and the runtime mode; what comes out is the same.
 */
public final class GenerationPipeline {

    private GenerationPipeline() {}

    public static ChainOutputs build(DataStream<RawRequest> requests, ReelflowConfig config) {
        StageStreams<Trace> decoded = DecodeStage.apply(requests, config);
        StageStreams<Trace> moderated = ModerateStage.apply(decoded.main(), config);
        StageStreams<Clip> generated = GenerateStage.apply(moderated.main(), config, new ObjectStoreAssets(config.storage()));
        StageStreams<Clip> watermarked = WatermarkStage.apply(generated.main(), config);
        StageStreams<Encoded> encoded = EncodeStage.apply(watermarked.main(), config);
        StageStreams<GenerationResult> stored = StoreStage.apply(encoded.main(), config);

        return new ChainOutputs(
                stored.main().union(
                        decoded.results(), moderated.results(), generated.results(),
                        watermarked.results(), encoded.results(), stored.results()),
                decoded.events().union(
                        moderated.events(), generated.events(), watermarked.events(),
                        encoded.events(), stored.events()),
                decoded.deadLetters().union(
                        moderated.deadLetters(), generated.deadLetters(), watermarked.deadLetters(),
                        encoded.deadLetters(), stored.deadLetters()));
    }
}
