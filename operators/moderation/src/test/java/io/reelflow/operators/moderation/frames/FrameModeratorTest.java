package io.reelflow.operators.moderation.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.reelflow.config.ModerationConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.encode.DecodedMedia;
import io.reelflow.operators.encode.MediaReader;
import io.reelflow.operators.encode.VideoFileWriter;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.pipeline.Frames;
import io.reelflow.schema.ModerationCheck;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameModeratorTest {

    private static final ModerationPolicy POLICY = ModerationPolicy.parse("""
            version: "frames-1"
            categories:
              violence_graphic: {decision: block, threshold: 0.7}
              sexual: {decision: review, threshold: 0.6}
            """, "test");
    private static final int WIDTH = 48;
    private static final int HEIGHT = 27;
    private static final String CLIP_SAMPLING = "21 of 240 frames (first, last, every 0.5 s)";

    @TempDir
    Path dir;

    /** Full-size originals of the known-bad pictures; clips carry them scaled down as generated frames would. */
    private final Frames gore = NaturalImages.image(101, 640, 360);
    private final Frames nude = NaturalImages.image(202, 640, 360);

    @Test
    void withNothingConfiguredItSaysThatNoCategoryWasChecked() throws Exception {
        ModerationVerdict verdict = moderator(null, null).check(FrameGate.OUTPUT, clip(), 24);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.ALLOW);
        assertThat(verdict.getFindings()).isEmpty();
        assertThat(verdict.getPolicyVersion()).isEqualTo("frames-1");
        assertThat(verdict.getChecks()).containsExactly(new ModerationCheck("output", CLIP_SAMPLING
                + "; no hash blocklist configured; no image classifier configured: no category was checked"));
    }

    @Test
    void findsABlocklistedPictureInASampledFrameAfterScaling() throws Exception {
        Frames clip = clip();
        put(clip, 120, Edits.resize(gore, (double) WIDTH / gore.width()));

        ModerationVerdict verdict = moderator(blocklist(line("phash", gore, "violence_graphic", "case 4411")), null)
                .check(FrameGate.OUTPUT, clip, 24);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        ModerationFinding finding = verdict.getFindings().get(0);
        assertThat(finding.getField()).isEqualTo("output");
        assertThat(finding.getCategory()).isEqualTo("violence_graphic");
        assertThat(finding.getScore()).isEqualTo(1.0);
        assertThat(finding.getEvidence()).matches("frame 120 at 5\\.00 s: blocklist 'case 4411', distance \\d/64");
        assertThat(verdict.getChecks().get(0).getSummary()).isEqualTo(CLIP_SAMPLING
                + "; hash blocklist of 1 entry (phash; a match is at most 10 of 64 bits away)"
                + "; no image classifier configured: only the blocklist's categories were checked (violence_graphic)");
    }

    @Test
    void theWorstFrameDecidesAndEachFindingNamesItsFrame() throws Exception {
        Frames clip = clip();
        put(clip, 12, Edits.resize(nude, (double) WIDTH / nude.width()));
        put(clip, 239, Edits.resize(gore, (double) WIDTH / gore.width()));
        put(clip, 7, Edits.resize(gore, (double) WIDTH / gore.width())); // not sampled: between 0 and 12

        ModerationVerdict verdict = moderator(blocklist(line("phash", nude, "sexual", "nude 1"),
                line("dhash", gore, "violence_graphic", "gore 1")), null).check(FrameGate.OUTPUT, clip, 24);

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(verdict.getFindings()).extracting(ModerationFinding::getCategory, ModerationFinding::getDecision)
                .containsExactly(tuple("violence_graphic", ModerationDecision.BLOCK),
                        tuple("sexual", ModerationDecision.REVIEW));
        assertThat(verdict.getFindings().get(0).getEvidence()).startsWith("frame 239 at 9.96 s: blocklist 'gore 1'");
        assertThat(verdict.getFindings().get(1).getEvidence()).startsWith("frame 12 at 0.50 s: blocklist 'nude 1'");
        assertThat(verdict.getChecks().get(0).getSummary())
                .contains("hash blocklist of 2 entries (phash, dhash; a match is at most 10 of 64 bits away)")
                .contains("only the blocklist's categories were checked (sexual, violence_graphic)");
    }

    @Test
    void classifiesTheSampledFramesInOneBatchAndCountsScoresFromTheThreshold() throws Exception {
        Frames clip = clip();
        fill(clip, 24, 230, 20, 20); // red: violence_graphic about 0.82
        fill(clip, 36, 230, 20, 20);
        fill(clip, 48, 150, 60, 60); // reddish: about 0.35, under the 0.7 threshold
        RednessTestClassifier classifier = new RednessTestClassifier();

        FrameModerator moderator = moderator(null, classifier);
        ModerationVerdict verdict = moderator.check(FrameGate.OUTPUT, clip, 24);

        assertThat(classifier.batches).containsExactly(21);
        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(verdict.getFindings()).singleElement().satisfies(finding -> {
            assertThat(finding.getScore()).isEqualTo(0.824);
            assertThat(finding.getEvidence()).isEqualTo(
                    "frame 24 at 1.00 s: classifier 0.824 (red); 2 of 21 checked frames matched");
        });
        assertThat(verdict.getChecks().get(0).getSummary()).isEqualTo(CLIP_SAMPLING
                + "; no hash blocklist configured; image classifier redness-test on every checked frame");

        moderator.check(FrameGate.INPUT, NaturalImages.image(3, 64, 36), 0);
        assertThat(classifier.batches).containsExactly(21, 1);
    }

    @Test
    void aBlocklistMatchOutranksTheClassifierInItsCategory() throws Exception {
        Frames clip = clip();
        fill(clip, 24, 230, 20, 20);
        put(clip, 60, Edits.resize(gore, (double) WIDTH / gore.width()));

        ModerationVerdict verdict = moderator(blocklist(line("phash", gore, "violence_graphic", "gore 1")),
                new RednessTestClassifier()).check(FrameGate.OUTPUT, clip, 24);

        assertThat(verdict.getFindings()).singleElement().satisfies(finding -> {
            assertThat(finding.getScore()).isEqualTo(1.0);
            assertThat(finding.getEvidence()).startsWith("frame 60 at 2.50 s: blocklist 'gore 1'")
                    .endsWith("; 2 of 21 checked frames matched");
        });
    }

    @Test
    void anInputVideoReencodedWithH264StillMatches() throws Exception {
        Path video = dir.resolve("upload.mp4");
        Frames clip = NaturalImages.clip(7, 320, 180, 48);
        put(clip, 24, Edits.resize(gore, 0.5));
        try (VideoFileWriter writer = VideoFileWriter.builder().file(video).container(VideoFileWriter.Container.MP4)
                .size(320, 180).fps(24).encode(ReelflowConfig.defaults().encode()).build()) {
            for (int f = 0; f < clip.count(); f++) {
                writer.write(clip.slice(f, 1).rgb());
            }
            writer.finish();
        }
        DecodedMedia upload = MediaReader.read(video);

        ModerationVerdict verdict = moderator(blocklist(line("phash", gore, "violence_graphic", "gore 1")), null)
                .check(FrameGate.INPUT, upload.frames(), upload.fps());

        assertThat(verdict.getDecision()).isEqualTo(ModerationDecision.BLOCK);
        assertThat(verdict.getFindings().get(0).getField()).isEqualTo("input");
        assertThat(verdict.getFindings().get(0).getEvidence()).startsWith("frame 24 at 1.00 s: blocklist 'gore 1'");
        assertThat(verdict.getChecks().get(0).getGate()).isEqualTo("input");
    }

    @Test
    void aFailingClassifierFailsTheCheckRatherThanAllowUnchecked() throws Exception {
        ImageClassifier broken = new ImageClassifier() {
            @Override
            public List<List<CategoryScore>> classify(Frames frames) {
                throw new IllegalStateException("out of memory on the device");
            }

            @Override
            public String description() {
                return "image classifier broken-test";
            }
        };

        assertThatThrownBy(() -> moderator(null, broken).check(FrameGate.OUTPUT, clip(), 24))
                .isInstanceOf(io.reelflow.operators.moderation.ClassifierFailedException.class)
                .hasMessage("image classifier broken-test failed: java.lang.IllegalStateException: out of memory on the"
                        + " device");
    }

    @Test
    void neverThrowsForAnyFrameContent() throws Exception {
        FrameModerator moderator = moderator(blocklist(line("phash", gore, "violence_graphic", "gore 1"),
                line("dhash", gore, "violence_graphic", "gore 1")), new RednessTestClassifier());
        byte[] noise = new byte[7 * 3 * 3 * 5];
        new SplittableRandom(1).nextBytes(noise);
        Frames[] inputs = {Frames.blank(1, 1, 1), new Frames(7, 3, 5, noise), Frames.blank(2, 3000, 2)};
        for (Frames frames : inputs) {
            for (double fps : new double[] {0, 24, Double.NaN, -1, 1e9}) {
                assertThat(moderator.check(FrameGate.INPUT, frames, fps).getDecision())
                        .isEqualTo(ModerationDecision.ALLOW);
            }
        }
    }

    @Test
    void buildRejectsUnusableSettingsNamingThem() throws Exception {
        Path undefined = blocklist(line("phash", gore, "hate", "h"));
        assertThatThrownBy(() -> build(undefined, Duration.ofMillis(500), 10)).hasMessage(
                "moderation.frames.hash-blocklist " + undefined + " has entries in categories that policy frames-1"
                        + " does not define: hate");
        assertThatThrownBy(() -> build(dir.resolve("nope.txt"), Duration.ofMillis(500), 10)).hasMessage(
                "moderation.frames.hash-blocklist: hash blocklist " + dir.resolve("nope.txt") + " does not exist");
        assertThatThrownBy(() -> build(null, Duration.ofMillis(500), 30))
                .hasMessageStartingWith("moderation.frames.hash-max-distance is 30; it must be 0-24");
        assertThatThrownBy(() -> build(null, Duration.ZERO, 10))
                .hasMessageContaining("moderation.frames.sample-every must be positive");
        assertThatThrownBy(() -> FrameModerator.builder().policy(POLICY).build())
                .hasMessageContaining("moderation.frames");
    }

    private FrameModerator moderator(Path blocklist, ImageClassifier classifier) {
        return FrameModerator.builder().policy(POLICY)
                .frames(new ModerationConfig.FrameChecks(Duration.ofMillis(500), blocklist == null ? "" : blocklist.toString(), 10))
                .classifier(classifier).build();
    }

    private FrameModerator build(Path blocklist, Duration every, int distance) {
        return FrameModerator.builder().policy(POLICY)
                .frames(new ModerationConfig.FrameChecks(every, blocklist == null ? "" : blocklist.toString(), distance))
                .build();
    }

    private Path blocklist(String... lines) throws Exception {
        Path file = Files.createTempFile(dir, "blocklist", ".txt");
        Files.writeString(file, "# test\n" + String.join("\n", lines) + "\n");
        return file;
    }

    private static String line(String algorithm, Frames image, String category, String label) {
        long hash = PerceptualHash.hash(HashAlgorithm.fromId(algorithm).orElseThrow(), image, 0);
        return algorithm + " " + PerceptualHash.hex(hash) + " " + category + " " + label;
    }

    /** 10 s at 24 fps of an unrelated scene at a small generated size. */
    private static Frames clip() {
        return NaturalImages.clip(55, WIDTH, HEIGHT, 240);
    }

    private static void put(Frames clip, int index, Frames frame) {
        assertThat(frame.width()).isEqualTo(clip.width());
        System.arraycopy(frame.rgb(), 0, clip.rgb(), clip.offset(index), clip.frameBytes());
    }

    private static void fill(Frames clip, int index, int r, int g, int b) {
        for (int o = clip.offset(index); o < clip.offset(index + 1); o += 3) {
            clip.rgb()[o] = (byte) r;
            clip.rgb()[o + 1] = (byte) g;
            clip.rgb()[o + 2] = (byte) b;
        }
    }
}
