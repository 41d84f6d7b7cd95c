package io.reelflow.bench.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    private static final Item ITEM = new Item("v0-landscape-64x36", Item.Content.LANDSCAPE, 64, 36, true, 3, 1);

    @TempDir
    Path dir;

    @Test
    void aReopenedCheckpointKnowsWhatIsDone() throws Exception {
        Path file = dir.resolve("run.tsv");
        try (Checkpoint checkpoint = Checkpoint.open(file, "settings", false)) {
            checkpoint.record(trial("H264_CRF23"));
        }
        try (Checkpoint checkpoint = Checkpoint.open(file, "settings", false)) {
            assertThat(checkpoint.done(ITEM, "H264_CRF23")).isTrue();
            assertThat(checkpoint.done(ITEM, "VP9")).isFalse();
            assertThat(checkpoint.trials()).containsExactly(trial("H264_CRF23"));
        }
    }

    @Test
    void aLineCutShortByAKillIsRunAgainAndTheNextLineStandsAlone() throws Exception {
        Path file = dir.resolve("run.tsv");
        String cut = trial("VP9").line().substring(0, 30);
        Files.writeString(file, "# settings\n" + trial("H264_CRF23").line() + "\n" + cut);
        try (Checkpoint checkpoint = Checkpoint.open(file, "settings", false)) {
            assertThat(checkpoint.done(ITEM, "VP9")).isFalse();
            checkpoint.record(trial("VP9"));
        }
        try (Checkpoint checkpoint = Checkpoint.open(file, "settings", false)) {
            assertThat(checkpoint.trials()).containsExactly(trial("H264_CRF23"), trial("VP9"));
        }
    }

    @Test
    void otherSettingsAreRefusedUnlessFresh() throws Exception {
        Path file = dir.resolve("run.tsv");
        try (Checkpoint checkpoint = Checkpoint.open(file, "seconds=3", false)) {
            checkpoint.record(trial("NONE"));
        }
        assertThatThrownBy(() -> Checkpoint.open(file, "seconds=4", false)).hasMessageContaining("--fresh");
        try (Checkpoint checkpoint = Checkpoint.open(file, "seconds=4", true)) {
            assertThat(checkpoint.trials()).isEmpty();
        }
    }

    private static Trial trial(String attack) {
        return new Trial("VIDEO", ITEM.name(), "landscape", ITEM.size(), attack, true, true, true, 0, 3, 3, 1.5e-30,
                72, 1, 1234, 0.25);
    }
}
