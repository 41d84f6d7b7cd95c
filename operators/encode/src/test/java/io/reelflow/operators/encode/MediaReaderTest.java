package io.reelflow.operators.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.internal.PngCodec;
import io.reelflow.pipeline.Frames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaReaderTest {

    private static byte[] mp4;

    @BeforeAll
    static void encodeASmallVideo() {
        ClipEncoder encoder = ClipEncoder.builder().config(ReelflowConfig.defaults()).build();
        EncodeOutcome outcome = encoder.encode(
                TestClips.clip(TestClips.video(96, 54, 30, 9), TestClips.scene(144, 80, 3), 8, null));
        mp4 = ((EncodeOutcome.Done) outcome).encoded().files().get(0).bytes();
    }

    @Test
    void probeReadsTheHeaders() throws IOException {
        MediaInfo info = MediaReader.probe(mp4);

        assertThat(info.format()).contains("mp4");
        assertThat(info.codec()).isEqualTo("h264");
        assertThat(List.of(info.width(), info.height(), info.frames())).containsExactly(96, 54, 9);
        assertThat(info.fps()).isEqualTo(30.0);
        assertThat(info.durationSeconds()).isEqualTo(0.3);
    }

    @Test
    void streamVisitsEveryFrameInOrderAndAgreesWithRead() throws IOException {
        Frames all = MediaReader.read(mp4).frames();
        List<Integer> indices = new ArrayList<>();

        MediaInfo info = MediaReader.stream(mp4, (index, width, height, rgb) -> {
            indices.add(index);
            assertThat(List.of(width, height)).containsExactly(96, 54);
            assertThat(Arrays.copyOfRange(all.rgb(), all.offset(index), all.offset(index + 1))).isEqualTo(rgb);
        });

        assertThat(indices).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(info.frames()).isEqualTo(9);
    }

    @Test
    void filesReadLikeBytes(@TempDir Path dir) throws IOException {
        Path video = Files.write(dir.resolve("clip.mp4"), mp4);
        byte[] pngBytes = PngCodec.encode(new byte[] {1, 2, 3, 4, 5, 6}, 2, 1);
        Path png = Files.write(dir.resolve("still.png"), pngBytes);

        assertThat(MediaReader.read(video).frames().rgb()).isEqualTo(MediaReader.read(mp4).frames().rgb());
        assertThat(MediaReader.probe(video)).isEqualTo(MediaReader.probe(mp4));
        assertThat(MediaReader.read(png).frames().rgb()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(MediaReader.probe(png)).isEqualTo(new MediaInfo("png", "png", 2, 1, 1, 0.0, 0.0));
        int[] visited = {0};
        MediaReader.stream(video, (index, width, height, rgb) -> visited[0]++);
        assertThat(visited[0]).isEqualTo(9);
    }

    @Test
    void probeOfAPngDoesNotNeedItsPixels() throws IOException {
        byte[] png = PngCodec.encode(new byte[64 * 32 * 3], 64, 32);
        byte[] headerOnly = Arrays.copyOf(png, 40); // signature + IHDR

        assertThat(MediaReader.probe(headerOnly)).isEqualTo(new MediaInfo("png", "png", 64, 32, 1, 0.0, 0.0));
    }

    @Test
    void garbageIsAnIOException() {
        byte[] garbage = "definitely not a video".getBytes();

        assertThatThrownBy(() -> MediaReader.read(garbage)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> MediaReader.probe(Arrays.copyOf(mp4, 200))).isInstanceOf(IOException.class);
    }
}
