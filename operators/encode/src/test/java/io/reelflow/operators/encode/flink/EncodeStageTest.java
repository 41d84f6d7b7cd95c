package io.reelflow.operators.encode.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.TestClips;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.flink.StageStreams;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class EncodeStageTest {

    @Test
    void stageIsOneNamedOperatorWithAStableUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Clip clip = TestClips.clip(TestClips.image(64, 64), TestClips.flat(8, 8, 1), 0, null);

        StageStreams<Encoded> streams = EncodeStage.apply(env.fromData(Clip.class, clip), ReelflowConfig.defaults());

        assertThat(streams.main().getTransformation().getName()).isEqualTo("encode");
        assertThat(streams.main().getTransformation().getUid()).isEqualTo("reelflow-encode");
        assertThat(streams.main().getType().getTypeClass()).isEqualTo(Encoded.class);
        assertThat(streams.results()).isNotNull();
        assertThat(streams.events()).isNotNull();
        assertThat(streams.deadLetters()).isNotNull();
    }
}
