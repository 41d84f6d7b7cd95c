package io.reelflow.operators.moderation.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.TestRequests;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.StageStreams;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class ModerateStageTest {

    @Test
    void addsOneNamedOperatorWithAStableUidAndExposesItsSideOutputs() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Trace> traces = env.fromData(TypeInformation.of(Trace.class), TestRequests.trace("r", "a lake"));

        StageStreams<Trace> stage = ModerateStage.apply(traces, ReelflowConfig.defaults());

        assertThat(stage.main().getTransformation().getName()).isEqualTo("moderate");
        assertThat(stage.main().getTransformation().getUid()).isEqualTo("reelflow-moderate");
        assertThat(stage.main().getType()).isEqualTo(traces.getType());
        assertThat(stage.results()).isNotNull();
        assertThat(stage.events()).isNotNull();
        assertThat(stage.deadLetters()).isNotNull();
    }
}
