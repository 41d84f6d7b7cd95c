package io.reelflow.operators.generate;

import io.reelflow.pipeline.AssetReader;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.GenerateOutcome.Ended;
import io.reelflow.operators.generate.GenerateOutcome.Generated;
import io.reelflow.pipeline.Clip;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.ExtendDirection;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.ResultStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request modes with given frames, through the engine and the reference model at its 16:9 native size. */
class GenerationModesTest {

    private static final int W = 36;
    private static final int H = 20;
    /** Native-size inputs, so given frames can be compared byte for byte. */
    private static final Map<String, AssetReader.Asset> ASSETS = Map.of(
            "s3://in/image.png", new AssetReader.Asset(flat(1, 220, 40, 40), 0),
            "s3://in/source.mp4", new AssetReader.Asset(ramp(6), 8),
            "s3://in/other.mp4", new AssetReader.Asset(flat(6, 40, 90, 220), 8));
    private static GenerationEngine engine;

    @BeforeAll
    static void start() {
        engine = GenerationEngine.builder().config(ReelflowConfig.defaults()).assets(uri -> {
            AssetReader.Asset asset = ASSETS.get(uri);
            if (uri.endsWith("flaky.png")) {
                throw new java.io.IOException("connection reset");
            }
            if (asset == null) {
                throw new AssetReader.Unusable(ErrorCode.MISSING_INPUT_ASSET, "no such object");
            }
            return asset;
        }).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void imageToVideoStartsWithTheImage() throws Exception {
        Clip clip = generated(request(GenerationMode.IMAGE_TO_VIDEO, 1.0, asset("image.png", AssetRole.FIRST_FRAME)));
        assertThat(clip.frames().count()).isEqualTo(8);
        assertThat(frame(clip.frames(), 0)).isEqualTo(frame(ASSETS.get("s3://in/image.png").frames(), 0));
    }

    @Test
    void extendingForwardKeepsTheSourceThenAddsFrames() throws Exception {
        Clip clip = generated(request(GenerationMode.EXTEND_VIDEO, 1.5, asset("source.mp4", AssetRole.SOURCE_VIDEO)));
        Frames source = ASSETS.get("s3://in/source.mp4").frames();
        assertThat(clip.frames().count()).isEqualTo(6 + 12);
        for (int f = 0; f < 6; f++) {
            assertThat(frame(clip.frames(), f)).isEqualTo(frame(source, f));
        }
    }

    @Test
    void extendingBackwardPutsTheNewFramesFirst() throws Exception {
        GenerationRequest request = request(GenerationMode.EXTEND_VIDEO, 1.0, asset("source.mp4", AssetRole.SOURCE_VIDEO));
        request.setExtendDirection(ExtendDirection.BACKWARD);
        Clip clip = generated(request);
        Frames source = ASSETS.get("s3://in/source.mp4").frames();
        assertThat(clip.frames().count()).isEqualTo(8 + 6);
        assertThat(frame(clip.frames(), 8)).isEqualTo(frame(source, 0));
        assertThat(frame(clip.frames(), 13)).isEqualTo(frame(source, 5));
    }

    @Test
    void connectingKeepsBothClipsAroundTheNewFrames() throws Exception {
        Clip clip = generated(request(GenerationMode.CONNECT_VIDEOS, 1.0, asset("source.mp4", AssetRole.CONNECT_FROM),
                asset("other.mp4", AssetRole.CONNECT_TO)));
        assertThat(clip.frames().count()).isEqualTo(6 + 8 + 6);
        assertThat(frame(clip.frames(), 5)).isEqualTo(frame(ASSETS.get("s3://in/source.mp4").frames(), 5));
        assertThat(frame(clip.frames(), 14)).isEqualTo(frame(ASSETS.get("s3://in/other.mp4").frames(), 0));
    }

    @Test
    void editingAtStrengthZeroKeepsTheSourceAndAtOneDoesNot() throws Exception {
        GenerationRequest keep = request(GenerationMode.EDIT_VIDEO, 1.0, asset("source.mp4", AssetRole.SOURCE_VIDEO));
        keep.setEditStrength(0.0);
        GenerationRequest redo = request(GenerationMode.EDIT_VIDEO, 1.0, asset("source.mp4", AssetRole.SOURCE_VIDEO));
        redo.setEditStrength(1.0);

        Frames source = ASSETS.get("s3://in/source.mp4").frames();
        assertThat(generated(keep).frames().rgb()).isEqualTo(source.rgb());
        assertThat(generated(redo).frames().rgb()).isNotEqualTo(source.rgb());
    }

    @Test
    void aMissingOrUnreadableInputIsRejectedWithTheReason() throws Exception {
        GenerateOutcome missing = engine.submit(TestRequests.trace(request(GenerationMode.IMAGE_TO_VIDEO, 1.0))).get();
        GenerateOutcome unreadable = engine.submit(TestRequests.trace(
                request(GenerationMode.IMAGE_TO_VIDEO, 1.0, asset("gone.png", AssetRole.FIRST_FRAME)))).get();

        assertThat(missing).isInstanceOfSatisfying(Ended.class, ended -> {
            assertThat(ended.status()).isEqualTo(ResultStatus.REJECTED);
            assertThat(ended.reason().code()).isEqualTo(ErrorCode.MISSING_INPUT_ASSET);
            assertThat(ended.reason().message()).contains("FIRST_FRAME");
        });
        assertThat(((Ended) unreadable).reason().message()).contains("s3://in/gone.png", "no such object");
        assertThat(((Ended) unreadable).status()).isEqualTo(ResultStatus.REJECTED);
    }

    @Test
    void aStoreFailureFailsTheRequestRatherThanRejectingIt() throws Exception {
        GenerateOutcome flaky = engine.submit(TestRequests.trace(
                request(GenerationMode.IMAGE_TO_VIDEO, 1.0, asset("flaky.png", AssetRole.FIRST_FRAME)))).get();

        assertThat(flaky).isInstanceOfSatisfying(Ended.class, ended -> {
            assertThat(ended.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(ended.reason().code()).isEqualTo(ErrorCode.STORE_FAILED);
            assertThat(ended.reason().message()).contains("connection reset");
        });
    }

    private static GenerationRequest request(GenerationMode mode, double seconds, InputAsset... assets) {
        return TestRequests.video("mode-" + mode, 1280, 720, seconds).setMode(mode).setSeed(5L)
                .setInputAssets(List.of(assets)).build();
    }

    private static InputAsset asset(String name, AssetRole role) {
        return InputAsset.newBuilder().setUri("s3://in/" + name).setRole(role).build();
    }

    private static Clip generated(GenerationRequest request) throws Exception {
        GenerateOutcome outcome = engine.submit(TestRequests.trace(request)).get();
        assertThat(outcome).as(String.valueOf(outcome)).isInstanceOf(Generated.class);
        return ((Generated) outcome).clip();
    }

    private static byte[] frame(Frames frames, int index) {
        return frames.slice(index, 1).rgb();
    }

    private static Frames flat(int count, int r, int g, int b) {
        byte[] rgb = new byte[W * H * 3 * count];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) r;
            rgb[i + 1] = (byte) g;
            rgb[i + 2] = (byte) b;
        }
        return new Frames(W, H, count, rgb);
    }

    /** Frames that differ from each other: frame f has grey level 20 f. */
    private static Frames ramp(int count) {
        byte[] rgb = new byte[W * H * 3 * count];
        for (int f = 0; f < count; f++) {
            Arrays.fill(rgb, f * W * H * 3, (f + 1) * W * H * 3, (byte) (20 * f + 10));
        }
        return new Frames(W, H, count, rgb);
    }
}
