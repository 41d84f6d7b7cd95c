package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.operators.encode.MediaReader;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.frames.HashAlgorithm;
import io.reelflow.operators.moderation.frames.HashBlocklist;
import io.reelflow.operators.moderation.frames.PerceptualHash;
import io.reelflow.pipeline.Frames;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `reelflow blocklist hash` on stills and a video written by other tools, read back as the gates would. */
class BlocklistCommandTest {

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int execute(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ReelflowCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsOneEntryPerImageAndPerSampledVideoFrame() throws Exception {
        Path png = dir.resolve("a.png");
        Path jpeg = dir.resolve("b.jpg");
        Path video = dir.resolve("c.mp4");
        ForeignMedia.writeStill(png, 320, 180, "png");
        ForeignMedia.writeStill(jpeg, 480, 270, "jpeg");
        ForeignMedia.writeVideo(video, "mp4", "libopenh264", 0, 320, 180, 24, 30); // 1.25 s

        assertThat(execute("blocklist", "hash", "--category", "violence_graphic", "--label", "case 4411",
                png.toString(), jpeg.toString(), video.toString())).as(err.toString()).isZero();

        HashBlocklist blocklist = HashBlocklist.parse(out.toString(), "output");
        // b.jpg is the same scene as a.png at another size: an entry only if its hash differs at all
        assertThat(out.toString()).contains("# a.png: the one frame; 1 new entry\n", "# b.jpg: the one frame; ",
                "# c.mp4: 4 of 30 frames (first, last, every 0.5 s); ");
        assertThat(blocklist.entries()).extracting(HashBlocklist.Entry::hash).doesNotHaveDuplicates();
        assertThat(blocklist.entries()).allSatisfy(entry -> {
            assertThat(entry.algorithm()).isEqualTo(HashAlgorithm.PHASH);
            assertThat(entry.category()).isEqualTo(Category.VIOLENCE_GRAPHIC);
            assertThat(entry.label()).isEqualTo("case 4411");
        });
        Frames decoded = MediaReader.read(png).frames();
        assertThat(blocklist.entries().get(0).hash()).isEqualTo(PerceptualHash.phash(decoded, 0));
        assertThat(PerceptualHash.distance(blocklist.entries().get(0).hash(), PerceptualHash.phash(
                MediaReader.read(jpeg).frames(), 0))).isLessThanOrEqualTo(4);
        Frames clip = MediaReader.read(video).frames();
        assertThat(blocklist.nearest(HashAlgorithm.PHASH, PerceptualHash.phash(clip, 29), 0)).isPresent();
    }

    @Test
    void skipsFlatFramesAndSaysSo() throws Exception {
        Path black = dir.resolve("black.png");
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", black.toFile());

        assertThat(execute("blocklist", "hash", "--category", "sexual", "--label", "x", "--algorithm", "dhash",
                black.toString())).isZero();

        assertThat(out.toString().strip()).isEqualTo("# black.png: the one frame; 0 new entries; nearly flat, not"
                + " hashed: frame 0");
    }

    @Test
    void refusesUnknownCategoriesAndUnreadableFiles() throws Exception {
        Path png = dir.resolve("a.png");
        ForeignMedia.writeStill(png, 64, 36, "png");
        assertThat(execute("blocklist", "hash", "--category", "gore", "--label", "x", png.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown category 'gore' (sexual, sexual_minors,");

        Path text = dir.resolve("notes.txt");
        java.nio.file.Files.writeString(text, "not a picture");
        assertThat(execute("blocklist", "hash", "--category", "sexual", "--label", "x", png.toString(),
                text.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(text + " cannot be decoded");
        assertThat(out.toString()).isEmpty();
    }
}
