package io.reelflow.bench.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void lowerBoundOfAPerfectRecordIsTheFifthPercentileRoot() {
        assertThat(Report.lowerBound(30, 30)).isCloseTo(Math.pow(0.05, 1 / 30.0), within(1e-9));
        assertThat(Report.lowerBound(0, 30)).isZero();
    }

    @Test
    void lowerBoundWithFailuresMatchesClopperPearson() {
        // One-sided 95 %: 9 of 10 gives 0.6058 (the beta(9, 2) fifth percentile).
        assertThat(Report.lowerBound(9, 10)).isCloseTo(0.6058, within(1e-3));
    }

    @Test
    void markedTableCountsDetectionsAndBitAccuracyPerSize() {
        List<Trial> trials = List.of(
                trial("a", "1920x1080", true, 0),
                trial("b", "1920x1080", false, 16),
                trial("c", "1080x1920", true, 0));
        String table = Report.marked(trials, List.of("VP9"), Map.of("VP9", "VP9 CRF 31"),
                List.of("1920x1080", "1080x1920"));
        assertThat(table).contains("| VP9 CRF 31 | 0.875 / 0.750 | 1 of 2 |").contains("| 1.000 / 1.000 | 1 of 1 |")
                .contains("2 of 3");
        assertThat(Report.failures(trials, Map.of("VP9", "VP9 CRF 31"))).contains("b (landscape 1920x1080")
                .contains("16/64 id bits").contains("90 % of fine cells all white or all black");
    }

    @Test
    void unmarkedTableGroupsBothOrientationsByLongSide() {
        Trial landscape = new Trial("UNMARKED", "u0", "grain", "640x360", "NONE", false, false, false, -1, -1, 80, 1,
                24, 0, 10, -1);
        Trial portrait = new Trial("UNMARKED", "u1", "grain", "360x640", "NONE", false, false, true, -1, -1, 14,
                1e-4, 24, 0, 10, -1);
        assertThat(Report.unmarked(List.of(landscape, portrait)))
                .contains("| grain 1 s videos, long side 640 | 2 | 0 | 1 | 1.0e-04 |")
                .contains("| **all** | 2 | 0 | 1 | 1.0e-04 |");
    }

    private static Trial trial(String item, String size, boolean found, int payloadErrors) {
        return new Trial("VIDEO", item, "landscape", size, "VP9", found, found, found, payloadErrors, found ? 2 : 80,
                found ? 2 : 40, found ? 1e-30 : 1, 72, 1, 10, found ? 0 : 0.9);
    }
}
