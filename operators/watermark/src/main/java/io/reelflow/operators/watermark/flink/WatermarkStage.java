package io.reelflow.operators.watermark.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.watermark.VisibleMarkSpec;
import io.reelflow.operators.watermark.WatermarkKeys;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.flink.StageStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The watermark stage of the chain: one {@link WatermarkFunction} operator. */
public final class WatermarkStage {

    public static final String NAME = "watermark";
    public static final String UID = "reelflow-watermark";

    private WatermarkStage() {}

    /**
     * {@code assets}: where requests' own logos are read (the job's object store). Reads every tenant's logo and watermark secret first: one that cannot be used fails the job here, not in a
     * restart loop of open().
     */
    public static StageStreams<Clip> apply(DataStream<Clip> clips, ReelflowConfig config, AssetReader.Factory assets) {
        VisibleMarkSpec.logos(config.tenants());
        WatermarkKeys.of(config.watermark(), config.tenants());
        SingleOutputStreamOperator<Clip> marked =
                clips.process(new WatermarkFunction(config, assets), clips.getType()).name(NAME).uid(UID);
        return StageStreams.of(marked);
    }
}
