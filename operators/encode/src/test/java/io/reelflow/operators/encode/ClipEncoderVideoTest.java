package io.reelflow.operators.encode;

import static io.reelflow.operators.encode.Pictures.bicubic;
import static io.reelflow.operators.encode.Pictures.pixel;
import static io.reelflow.operators.encode.Pictures.psnr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.internal.TimeResampler;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.Frames;
import io.reelflow.pipeline.Overlay;
import io.reelflow.pipeline.Stages;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.OutputRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real FFmpeg: native clips encoded to MP4 and read back with MediaReader. */
class ClipEncoderVideoTest {

    private static final double NATIVE_FPS = 8;
    /** Decoded H.264 against a plain bicubic upscale of the same blend; a wrong frame scores below 20 dB. */
    private static final double RESEMBLES_DB = 35;

    private final ClipEncoder encoder = ClipEncoder.builder().config(ReelflowConfig.defaults()).build();

    @Test
    void landscapeNativeClipBecomesOneSecondOf1080pAt24FpsWithAPoster() throws Exception {
        Frames scene = TestClips.scene(144, 80, 8);
        List<EncodedFile> files = encode(TestClips.clip(TestClips.video(1920, 1080, 24, 24), scene, NATIVE_FPS, null));

        assertThat(files).extracting(EncodedFile::name).containsExactly("output.mp4", "poster.png");
        EncodedFile mp4 = files.get(0);
        assertThat(mp4.role()).isEqualTo(OutputRole.PRIMARY);
        assertThat(mp4.contentType()).isEqualTo("video/mp4");
        assertThat(List.of(mp4.width(), mp4.height(), mp4.frames())).containsExactly(1920, 1080, 24);
        assertThat(mp4.durationSeconds()).isEqualTo(1.0);
        assertThat(moovBeforeMdat(mp4.bytes())).as("faststart: index before media").isTrue();

        MediaInfo probe = MediaReader.probe(mp4.bytes());
        assertThat(probe.codec()).isEqualTo("h264");
        assertThat(List.of(probe.width(), probe.height(), probe.frames())).containsExactly(1920, 1080, 24);
        assertThat(probe.fps()).isEqualTo(24.0);

        DecodedMedia video = MediaReader.read(mp4.bytes());
        Frames decoded = video.frames();
        assertThat(List.of(decoded.width(), decoded.height(), decoded.count())).containsExactly(1920, 1080, 24);
        assertThat(video.durationSeconds()).isCloseTo(1.0, within(0.01));
        for (int i : new int[] {0, 9, 23}) {
            byte[] expected = reference(scene, i, 24, 1920, 1080);
            assertThat(psnr(decoded.rgb(), decoded.offset(i), expected, 0, expected.length))
                    .as("frame %d resembles the upscaled native blend", i)
                    .isGreaterThan(RESEMBLES_DB);
        }
        byte[] start = reference(scene, 0, 24, 1920, 1080);
        assertThat(psnr(decoded.rgb(), decoded.offset(23), start, 0, start.length)).isLessThan(RESEMBLES_DB - 10);

        EncodedFile poster = files.get(1);
        assertThat(poster.role()).isEqualTo(OutputRole.POSTER);
        assertThat(poster.contentType()).isEqualTo("image/png");
        Frames still = MediaReader.read(poster.bytes()).frames();
        assertThat(List.of(still.width(), still.height(), still.count())).containsExactly(1920, 1080, 1);
        int atHalf = 12; // poster-at 0.5 of 24 frames
        assertThat(psnr(still.rgb(), 0, decoded.rgb(), decoded.offset(atHalf), still.frameBytes()))
                .isGreaterThan(RESEMBLES_DB)
                .isGreaterThan(psnr(still.rgb(), 0, decoded.rgb(), decoded.offset(0), still.frameBytes()) + 10);
    }

    @Test
    void portraitNativeClipBecomes1080x1920() throws Exception {
        Frames scene = TestClips.scene(80, 144, 3);
        EncodedFile mp4 = encode(TestClips.clip(TestClips.video(1080, 1920, 24, 8), scene, NATIVE_FPS, null)).get(0);

        Frames decoded = MediaReader.read(mp4.bytes()).frames();
        assertThat(List.of(decoded.width(), decoded.height(), decoded.count())).containsExactly(1080, 1920, 8);
        byte[] expected = reference(scene, 4, 24, 1080, 1920);
        assertThat(psnr(decoded.rgb(), decoded.offset(4), expected, 0, expected.length)).isGreaterThan(RESEMBLES_DB);
    }

    @ParameterizedTest(name = "{1} s at {0} fps -> {2} frames")
    @CsvSource({"25, 1.5, 38", "30, 0.5, 15", "60, 0.25, 15", ", 0.5, 12"})
    void durationAndFpsGiveExactlyRoundedFrameCount(Integer fps, double seconds, int frames) throws Exception {
        GenerationRequest request = TestClips.request(GenerationMode.TEXT_TO_VIDEO, 96, 54)
                .setFps(fps).setDurationSeconds(seconds).build();
        EncodedFile mp4 = encode(TestClips.clip(request, TestClips.scene(144, 80, 12), NATIVE_FPS, null)).get(0);

        int rate = fps == null ? 24 : fps;
        assertThat(mp4.frames()).isEqualTo(frames);
        assertThat(mp4.durationSeconds()).isEqualTo((double) frames / rate);
        MediaInfo read = MediaReader.stream(mp4.bytes(), (index, width, height, rgb) -> {});
        assertThat(read.frames()).isEqualTo(frames);
        assertThat(read.fps()).isEqualTo(rate);
    }

    @Test
    void requestedFrameCountWinsOverDuration() {
        GenerationRequest request = TestClips.request(GenerationMode.TEXT_TO_VIDEO, 64, 64)
                .setFps(30).setFrames(7).setDurationSeconds(2.0).build();

        EncodedFile mp4 = encode(TestClips.clip(request, TestClips.flat(112, 112, 50, 60), NATIVE_FPS, null)).get(0);

        assertThat(mp4.frames()).isEqualTo(7);
    }

    @Test
    void framesBetweenTwoNativeFramesAreTheirLinearMix() throws Exception {
        // Native frames at 8 fps are centred at 1/16 s and 3/16 s; output frames 2 and 3 (24 fps) lie 1/3 and 2/3
        // of the way between them.
        Frames twoLevels = TestClips.flat(112, 112, 30, 220);
        EncodedFile mp4 = encode(TestClips.clip(TestClips.video(64, 64, 24, 6), twoLevels, NATIVE_FPS, null)).get(0);

        Frames decoded = MediaReader.read(mp4.bytes()).frames();
        int[] grey = new int[6];
        for (int i = 0; i < 6; i++) {
            grey[i] = pixel(decoded.rgb(), 64, 64, i, 32, 32)[1];
        }
        assertThat(grey[1]).isCloseTo(30, within(4));
        assertThat(grey[2]).isCloseTo(30 + 190 / 3, within(4));
        assertThat(grey[3]).isCloseTo(30 + 2 * 190 / 3, within(4));
        assertThat(grey[4]).isCloseTo(220, within(4));
    }

    @Test
    void movingOverlayIsDrawnWhereItsPlacementSaysAtEachTime() throws Exception {
        Overlay mark = new Overlay(40, 20, TestClips.sprite(40, 20, 250, 20, 20, 255), List.of(
                new Overlay.Placement(0.0, 16, 16),
                new Overlay.Placement(0.5, 256, 144)));
        Clip clip = TestClips.clip(TestClips.video(320, 180, 24, 24), TestClips.flat(144, 80, 100), NATIVE_FPS, mark);

        Frames decoded = MediaReader.read(encode(clip).get(0).bytes()).frames();

        assertThat(pixel(decoded.rgb(), 320, 180, 0, 36, 26)).satisfies(this::isRed);
        assertThat(pixel(decoded.rgb(), 320, 180, 0, 276, 154)).satisfies(this::isGrey);
        assertThat(pixel(decoded.rgb(), 320, 180, 18, 36, 26)).satisfies(this::isGrey);
        assertThat(pixel(decoded.rgb(), 320, 180, 18, 276, 154)).satisfies(this::isRed);
        assertThat(pixel(decoded.rgb(), 320, 180, 18, 160, 90)).satisfies(this::isGrey);
    }

    private void isRed(int[] rgb) {
        assertThat(rgb[0]).isGreaterThan(200);
        assertThat(rgb[1]).isLessThan(60);
        assertThat(rgb[2]).isLessThan(60);
    }

    private void isGrey(int[] rgb) {
        for (int c : rgb) {
            assertThat(c).isCloseTo(100, within(6));
        }
    }

    private List<EncodedFile> encode(Clip clip) {
        EncodeOutcome outcome = encoder.encode(clip);
        assertThat(outcome).isInstanceOf(EncodeOutcome.Done.class);
        EncodeOutcome.Done done = (EncodeOutcome.Done) outcome;
        assertThat(done.encoded().trace().timingsMs()).containsEntry(Stages.ENCODE, done.millis());
        return done.encoded().files();
    }

    /** What output frame {@code index} should look like: the same temporal blend, upscaled with plain bicubic. */
    static byte[] reference(Frames scene, int index, int fps, int width, int height) {
        byte[] mixed = new byte[scene.frameBytes()];
        TimeResampler.blend(scene, TimeResampler.at((index + 0.5) / fps, NATIVE_FPS, scene.count()), mixed);
        return bicubic(mixed, 0, scene.width(), scene.height(), width, height);
    }

    static boolean moovBeforeMdat(byte[] mp4) {
        String head = new String(mp4, 0, Math.min(mp4.length, 1 << 16), StandardCharsets.ISO_8859_1);
        int moov = head.indexOf("moov");
        int mdat = head.indexOf("mdat");
        return moov >= 0 && (mdat < 0 || moov < mdat);
    }
}
