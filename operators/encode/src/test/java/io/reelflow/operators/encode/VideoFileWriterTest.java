package io.reelflow.operators.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.EncodeConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.VideoFileWriter.Container;
import io.reelflow.pipeline.Frames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VideoFileWriterTest {

    private static final EncodeConfig ENCODE = ReelflowConfig.defaults().encode();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"clip.mp4, h264", "clip.WEBM, vp9"})
    void writesEveryFrameAtTheGivenSizeAndRateWithTheContainersCodec(String name, String codec) throws IOException {
        Frames scene = TestClips.scene(320, 180, 10);
        Path file = dir.resolve(name);
        try (VideoFileWriter writer = VideoFileWriter.builder().file(file).size(320, 180).fps(12.5).encode(ENCODE).build()) {
            for (int f = 0; f < scene.count(); f++) {
                writer.write(Arrays.copyOfRange(scene.rgb(), scene.offset(f), scene.offset(f + 1)));
            }
            assertThat(writer.finish()).isEqualTo(10);
        }

        DecodedMedia read = MediaReader.read(file);
        assertThat(read.info().codec()).isEqualTo(codec);
        assertThat(List.of(read.frames().width(), read.frames().height(), read.frames().count()))
                .containsExactly(320, 180, 10);
        assertThat(read.fps()).isEqualTo(12.5);
        for (int f = 0; f < scene.count(); f++) {
            // colours survive the BT.709 round trip and the codec: a smooth picture at this bitrate reads back closely
            assertThat(Pictures.psnr(scene.rgb(), scene.offset(f), read.frames().rgb(), read.frames().offset(f),
                    scene.frameBytes())).as("frame %d", f).isGreaterThan(35);
        }
    }

    @Test
    void anUnfinishedFileIsDeletedAndAFrameOfTheWrongSizeRefused() throws IOException {
        Path file = dir.resolve("partial.mp4");
        try (VideoFileWriter writer = VideoFileWriter.builder().file(file).size(64, 36).fps(24).encode(ENCODE).build()) {
            writer.write(new byte[64 * 36 * 3]);
            assertThatThrownBy(() -> writer.write(new byte[64 * 36 * 3 + 3]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a 64x36 RGB frame has 6912 bytes, got 6915");
            assertThat(file).exists();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void builderRefusesWhatItCannotWrite() throws IOException {
        VideoFileWriter.Builder avi = VideoFileWriter.builder().file(dir.resolve("x.avi")).size(64, 36).fps(24).encode(ENCODE);
        assertThatThrownBy(avi::build).hasMessageContaining("x.avi is neither .mp4 nor .webm");
        assertThatThrownBy(() -> VideoFileWriter.builder().file(dir.resolve("x.mp4")).size(64, 36).fps(0).encode(ENCODE)
                .build()).hasMessageContaining("frame rate must be in (0, 1000], got 0.0");
        assertThatThrownBy(() -> VideoFileWriter.builder().file(dir.resolve("x.mp4")).size(481, 270).fps(24)
                .encode(ENCODE).build()).hasMessageContaining("4:2:0 video needs an even width and height, got 481x270");
        EncodeConfig unknown = new EncodeConfig("no-such-encoder", 0.15, 800_000, 2, 0.5);
        assertThatThrownBy(() -> VideoFileWriter.builder().file(dir.resolve("x.mp4")).size(64, 36).fps(24)
                .encode(unknown).build()).hasMessageContaining("FFmpeg has no encoder named 'no-such-encoder'");
        try (VideoFileWriter named = avi.container(Container.WEBM).build()) {
            assertThat(dir.resolve("x.avi")).exists(); // a container set explicitly wins over the name
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
