package io.reelflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ConfigLoader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

    @Test
    void theMaxParallelismIsFixedSoASavepointRescalesOverTheSameKeyGroups() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        JobSettings.apply(env, ConfigLoader.builder().set("pipeline.parallelism", "2").build());

        assertThat(env.getParallelism()).isEqualTo(2);
        assertThat(env.getMaxParallelism()).isEqualTo(128);
    }

    @Test
    void aParallelismAboveTheMaxParallelismFailsNamingBothSettings() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        assertThatThrownBy(() -> JobSettings.apply(env, ConfigLoader.builder()
                .set("pipeline.parallelism", "4").set("pipeline.max-parallelism", "2").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipeline.parallelism").hasMessageContaining("pipeline.max-parallelism");
    }
}
