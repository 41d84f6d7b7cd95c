package io.reelflow.operators.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.pipeline.Overlay;
import io.reelflow.schema.MarkPosition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlayBuilderTest {

    private static OverlayBuilder mark(String text) {
        return OverlayBuilder.builder().text(text).opacity(0.6).scale(0.2).position(MarkPosition.BOTTOM_RIGHT);
    }

    @ParameterizedTest
    @CsvSource({"1920, 1080", "1080, 1920", "2048, 2048", "64, 64", "640, 360"})
    void sizesTheSpriteRelativeToTheOutputWidth(int width, int height) {
        Overlay overlay = mark("Reelflow").outputSize(width, height).build();
        assertThat(overlay.width()).isEqualTo((int) Math.round(0.2 * width));
        // Text keeps the font's aspect: 8 glyphs of 6 columns (less the trailing space) plus padding, 9 rows.
        assertThat((double) overlay.height()).isCloseTo(overlay.width() * 9.0 / 49, org.assertj.core.data.Offset.offset(1.0));
        assertThat(overlay.rgba()).hasSize(overlay.width() * overlay.height() * 4);
    }

    @Test
    void appliesOpacityAndDrawsLettersOverATransparentBackground() {
        Overlay overlay = mark("ACME").opacity(0.5).outputSize(1920, 1080).build();
        int maxAlpha = 0;
        int transparent = 0;
        int whiteOpaque = 0;
        for (int i = 0; i < overlay.rgba().length; i += 4) {
            int alpha = overlay.rgba()[i + 3] & 0xFF;
            maxAlpha = Math.max(maxAlpha, alpha);
            transparent += alpha == 0 ? 1 : 0;
            whiteOpaque += alpha == 128 && (overlay.rgba()[i] & 0xFF) == 255 ? 1 : 0;
        }
        assertThat(maxAlpha).isEqualTo(128);
        assertThat(transparent).isGreaterThan(overlay.width() * overlay.height() / 5);
        assertThat(whiteOpaque).isGreaterThan(overlay.width() * overlay.height() / 10);
    }

    @Test
    void placesCornersInsideTheFrameWithAMargin() {
        int width = 1920;
        int height = 1080;
        int margin = (int) Math.round(0.03 * 1080);
        for (MarkPosition corner : List.of(MarkPosition.TOP_LEFT, MarkPosition.TOP_RIGHT, MarkPosition.BOTTOM_LEFT, MarkPosition.BOTTOM_RIGHT)) {
            Overlay overlay = mark("ACME").position(corner).outputSize(width, height).durationSeconds(10).build();
            assertThat(overlay.placements()).hasSize(1);
            Overlay.Placement p = overlay.at(5);
            boolean left = corner == MarkPosition.TOP_LEFT || corner == MarkPosition.BOTTOM_LEFT;
            boolean top = corner == MarkPosition.TOP_LEFT || corner == MarkPosition.TOP_RIGHT;
            assertThat(p.x()).isEqualTo(left ? margin : width - overlay.width() - margin);
            assertThat(p.y()).isEqualTo(top ? margin : height - overlay.height() - margin);
        }
    }

    @Test
    void movingVisitsEveryCornerSoNoSingleEdgeCropHidesItForLong() {
        int width = 1920;
        Overlay overlay = mark("ACME").position(MarkPosition.MOVING).outputSize(width, 1080).durationSeconds(24).build();
        List<Overlay.Placement> placements = overlay.placements();
        assertThat(placements.get(0).fromSeconds()).isZero();
        assertThat(placements.get(placements.size() - 1).fromSeconds()).isLessThan(24).isGreaterThan(24 - 3.01);
        Set<String> corners = new HashSet<>();
        int left = 0;
        int top = 0;
        for (int i = 0; i < placements.size(); i++) {
            Overlay.Placement p = placements.get(i);
            corners.add(p.x() + "," + p.y());
            left += p.x() < width / 2 ? 1 : 0;
            top += p.y() < 540 ? 1 : 0;
            if (i > 0) {
                assertThat(p.fromSeconds() - placements.get(i - 1).fromSeconds()).isLessThanOrEqualTo(3.0);
                assertThat(p).usingRecursiveComparison().ignoringFields("fromSeconds").isNotEqualTo(placements.get(i - 1));
            }
        }
        assertThat(corners).hasSize(4);
        // Cropping away the left, right, top or bottom edge hides the mark for at most half of the placements.
        assertThat(left).isEqualTo(placements.size() / 2);
        assertThat(top).isEqualTo(placements.size() / 2);
    }

    @Test
    void shortVideosStillMoveAndImagesStayPut() {
        Overlay shortClip = mark("ACME").position(MarkPosition.MOVING).outputSize(1280, 720).durationSeconds(2).build();
        assertThat(shortClip.placements()).hasSize(2);
        assertThat(shortClip.at(0.5)).isNotEqualTo(shortClip.at(1.5));
        Overlay image = mark("ACME").position(MarkPosition.MOVING).outputSize(1024, 1024).durationSeconds(0).build();
        assertThat(image.placements()).hasSize(1);
    }

    @Test
    void shrinksAMarkThatWouldNotFit() {
        // One letter at half the width of a wide frame would be taller than the frame.
        Overlay overlay = mark("A").scale(0.5).outputSize(1920, 200).build();
        assertThat(overlay.height()).isLessThanOrEqualTo(200 - 2 * 6);
        assertThat(overlay.width()).isLessThan(960);
        Overlay.Placement p = overlay.at(0);
        assertThat(p.y() + overlay.height()).isLessThanOrEqualTo(200);
    }

    @Test
    void rendersTheSameBytesEveryTime() {
        assertThat(mark("Reelflow 2026").outputSize(1920, 1080).build().rgba())
                .isEqualTo(mark("Reelflow 2026").outputSize(1920, 1080).build().rgba())
                .isNotEqualTo(mark("Reelflow 2027").outputSize(1920, 1080).build().rgba());
    }

    @Test
    void validatesItsInputs() {
        assertThatThrownBy(() -> mark("").outputSize(100, 100).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mark("x".repeat(65)).outputSize(100, 100).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mark("ok").opacity(1.5).outputSize(100, 100).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mark("ok").scale(0.01).outputSize(100, 100).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mark("ok").scale(0.6).outputSize(100, 100).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mark("ok").outputSize(0, 100).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mark("ok").position(null).outputSize(100, 100).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mark("ok").outputSize(100, 100).durationSeconds(-1).build()).isInstanceOf(IllegalArgumentException.class);
    }
}
