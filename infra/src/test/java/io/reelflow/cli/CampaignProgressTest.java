package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.jobs.CampaignRuns;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CampaignProgressTest {

    @Test
    void nothingFinishedYetHasNoEta() {
        assertThat(CampaignProgress.line(0, 0, 24, Duration.ofSeconds(5)))
                .isEqualTo("[..............................] 0/24  0.00/min  5 s  ETA -  0 failed");
    }

    @Test
    void aPartRunShowsItsRateAndTheTimeLeftAtThatRate() {
        // 6 of 24 in 2 minutes: 3 a minute, 18 left take 6 minutes
        assertThat(CampaignProgress.line(6, 1, 24, Duration.ofMinutes(2)))
                .isEqualTo("[#######.......................] 6/24  3.00/min  2 min 0 s  ETA 6 min 0 s  1 failed");
        assertThat(CampaignProgress.line(23, 0, 24, Duration.ofSeconds(46)))
                .isEqualTo("[############################..] 23/24  30.00/min  46 s  ETA 2 s  0 failed");
    }

    @Test
    void aFinishedRunSaysDone() {
        assertThat(CampaignProgress.line(24, 2, 24, Duration.ofMinutes(61)))
                .isEqualTo("[##############################] 24/24  0.39/min  1 h 1 min  done  2 failed");
    }

    @Test
    void durationsAreRoundedToWholeSecondsAndGrowUnits() {
        assertThat(CampaignRuns.duration(0.4)).isEqualTo("0 s");
        assertThat(CampaignRuns.duration(59.5)).isEqualTo("1 min 0 s");
        assertThat(CampaignRuns.duration(61)).isEqualTo("1 min 1 s");
        assertThat(CampaignRuns.duration(3599)).isEqualTo("59 min 59 s");
        assertThat(CampaignRuns.duration(3600)).isEqualTo("1 h 0 min");
        assertThat(CampaignRuns.duration(2 * 3600 + 125)).isEqualTo("2 h 2 min");
    }
}
