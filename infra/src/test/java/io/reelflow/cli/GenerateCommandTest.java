package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.encode.DecodedMedia;
import io.reelflow.operators.encode.MediaReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `reelflow generate` through the real engine, watermark and FFmpeg encoder, on local files. */
class GenerateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = ReelflowCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void anImageThenAVideoThatStartsFromIt(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("first.png");
        int exit = execute("generate", "--mode", "TEXT_TO_IMAGE", "--prompt", "a green square on a white background",
                "--width", "320", "--height", "180", "--steps", "4", "--seed", "3", "--out", image.toString());
        assertThat(exit).as(err.toString()).isZero();
        DecodedMedia png = MediaReader.read(image);
        assertThat(png.frames().width()).isEqualTo(320);
        assertThat(png.frames().height()).isEqualTo(180);

        Path video = dir.resolve("from-first.mp4");
        exit = execute("generate", "--mode", "IMAGE_TO_VIDEO", "--input", image.toString(), "--prompt",
                "a green square moving right on a white background", "--width", "320", "--height", "180",
                "--duration", "1", "--fps", "8", "--steps", "4", "--out", video.toString());
        assertThat(exit).as(err.toString()).isZero();
        DecodedMedia mp4 = MediaReader.read(video);
        assertThat(mp4.frames().count()).isEqualTo(8);
        assertThat(Files.exists(dir.resolve("from-first-poster.png"))).isTrue();
        assertThat(out.toString()).contains("model reelflow-dit-xs", "native 36x20 x 8 frames");
    }

    @Test
    void aModeWithoutItsInputsIsAUsageErrorWithTheReason(@TempDir Path dir) {
        int exit = execute("generate", "--mode", "CONNECT_VIDEOS", "--prompt", "x", "--out", dir.resolve("x.mp4").toString());
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("CONNECT_VIDEOS takes 2 --input file(s), got 0");
    }
}
