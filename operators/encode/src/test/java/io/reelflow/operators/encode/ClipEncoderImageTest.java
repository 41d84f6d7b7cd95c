package io.reelflow.operators.encode;

import static io.reelflow.operators.encode.Pictures.bicubic;
import static io.reelflow.operators.encode.Pictures.boxDown;
import static io.reelflow.operators.encode.Pictures.pixel;
import static io.reelflow.operators.encode.Pictures.psnr;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Overlay;
import io.reelflow.schema.OutputRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real FFmpeg scaling: native images encoded to PNG at the requested size and read back. */
class ClipEncoderImageTest {

    private final ClipEncoder encoder = ClipEncoder.builder().config(ReelflowConfig.defaults()).build();

    @Test
    void nativeImageIsUpscaledTo2048Square() throws Exception {
        Frames scene = TestClips.scene(128, 128, 1);

        EncodedFile png = encodeOne(TestClips.clip(TestClips.image(2048, 2048), scene, 0, null));

        assertThat(png.name()).isEqualTo("output.png");
        assertThat(png.role()).isEqualTo(OutputRole.PRIMARY);
        assertThat(png.contentType()).isEqualTo("image/png");
        assertThat(List.of(png.width(), png.height(), png.frames())).containsExactly(2048, 2048, 1);
        assertThat(png.durationSeconds()).isZero();
        DecodedMedia read = MediaReader.read(png.bytes());
        assertThat(read.info().codec()).isEqualTo("png");
        Frames image = read.frames();
        assertThat(List.of(image.width(), image.height(), image.count())).containsExactly(2048, 2048, 1);
        byte[] expected = bicubic(scene.rgb(), 0, 128, 128, 2048, 2048);
        assertThat(psnr(image.rgb(), 0, expected, 0, expected.length)).isGreaterThan(38);
    }

    @Test
    void nativeImageIsDownscaledTo64Square() throws Exception {
        Frames scene = TestClips.scene(128, 128, 1);

        EncodedFile png = encodeOne(TestClips.clip(TestClips.image(64, 64), scene, 0, null));

        Frames image = MediaReader.read(png.bytes()).frames();

        assertThat(List.of(image.width(), image.height())).containsExactly(64, 64);
        byte[] expected = boxDown(scene.rgb(), 128, 128, 2);
        assertThat(psnr(image.rgb(), 0, expected, 0, expected.length)).isGreaterThan(35);
    }

    @Test
    void flatColourStaysExactThroughScaling() throws Exception {
        byte[] rgb = new byte[128 * 128 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 200;
            rgb[i + 1] = (byte) 90;
            rgb[i + 2] = (byte) 17;
        }
        Clip clip = TestClips.clip(TestClips.image(300, 200), new Frames(128, 128, 1, rgb), 0, null);

        Frames image = MediaReader.read(encodeOne(clip).bytes()).frames();

        for (int[] at : new int[][] {{0, 0}, {150, 100}, {299, 199}}) {
            assertThat(pixel(image.rgb(), 300, 200, 0, at[0], at[1])).containsExactly(200, 90, 17);
        }
    }

    @Test
    void overlayIsCompositedAtItsPlacementAtOutputResolution() throws Exception {
        Frames scene = TestClips.scene(128, 128, 1);
        byte[] sprite = TestClips.sprite(20, 10, 255, 255, 255, 128);
        for (int i = 0; i < 10 * 10; i++) { // left half opaque red
            int o = ((i / 10) * 20 + i % 10) * 4;
            sprite[o] = (byte) 255;
            sprite[o + 1] = 0;
            sprite[o + 2] = 0;
            sprite[o + 3] = (byte) 255;
        }
        Overlay mark = new Overlay(20, 10, sprite, List.of(new Overlay.Placement(0, 100, 50)));

        Frames plain = decode(encodeOne(TestClips.clip(TestClips.image(256, 256), scene, 0, null)));
        Frames marked = decode(encodeOne(TestClips.clip(TestClips.image(256, 256), scene, 0, mark)));

        assertThat(pixel(marked.rgb(), 256, 256, 0, 105, 55)).containsExactly(255, 0, 0);
        int[] under = pixel(plain.rgb(), 256, 256, 0, 115, 55);
        int[] halfWhite = pixel(marked.rgb(), 256, 256, 0, 115, 55);
        for (int c = 0; c < 3; c++) {
            assertThat(halfWhite[c]).isEqualTo((255 * 128 + under[c] * 127 + 127) / 255);
        }
        for (int[] outside : new int[][] {{99, 55}, {120, 55}, {105, 49}, {105, 60}, {0, 0}}) {
            assertThat(pixel(marked.rgb(), 256, 256, 0, outside[0], outside[1]))
                    .containsExactly(pixel(plain.rgb(), 256, 256, 0, outside[0], outside[1]));
        }
    }

    private static Frames decode(EncodedFile file) throws java.io.IOException {
        return MediaReader.read(file.bytes()).frames();
    }

    private EncodedFile encodeOne(Clip clip) {
        EncodeOutcome outcome = encoder.encode(clip);
        assertThat(outcome).isInstanceOf(EncodeOutcome.Done.class);
        List<EncodedFile> files = ((EncodeOutcome.Done) outcome).encoded().files();
        assertThat(files).hasSize(1);
        return files.get(0);
    }
}
