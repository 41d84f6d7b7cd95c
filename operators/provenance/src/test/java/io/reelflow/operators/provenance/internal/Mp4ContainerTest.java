package io.reelflow.operators.provenance.internal;

import static io.reelflow.operators.provenance.TestAssets.box;
import static io.reelflow.operators.provenance.TestAssets.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.operators.provenance.TestAssets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Mp4ContainerTest {

    private static final byte[] MANIFEST = "{\"manifest\": 1}".getBytes(StandardCharsets.UTF_8);
    private final Mp4Container container = new Mp4Container();

    @Test
    void theManifestIsALastTopLevelBoxAndComesOutAgain() throws IOException {
        byte[] mp4 = TestAssets.mp4();
        byte[] signed = container.embed(mp4, MANIFEST);

        assertThat(signed).startsWith(mp4); // nothing before it moves, so sample offsets stay valid
        assertThat(new String(signed, mp4.length + 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("uuid");
        var extracted = container.extract(signed).orElseThrow();
        assertThat(extracted.manifest()).isEqualTo(MANIFEST);
        assertThat(extracted.withoutManifest()).isEqualTo(mp4);
        assertThat(container.extract(mp4)).isEmpty();
    }

    @Test
    void aBoxWithAnotherUuidIsNotAManifest() throws IOException {
        byte[] other = concat(TestAssets.mp4(), box("uuid", "0123456789abcdef and its own data"));

        assertThat(container.extract(other)).isEmpty();
        assertThat(container.extract(container.embed(other, MANIFEST)).orElseThrow().withoutManifest())
                .isEqualTo(other);
    }

    @Test
    void largeSizeBoxesAreWalked() throws IOException {
        byte[] payload = "sixty-four bit sized media".getBytes(StandardCharsets.ISO_8859_1);
        byte[] large = ByteBuffer.allocate(16 + payload.length).putInt(1).put("mdat".getBytes(StandardCharsets.ISO_8859_1))
                .putLong(16 + payload.length).put(payload).array();
        byte[] mp4 = concat(box("ftyp", "isom"), large, box("moov", "tables"));

        assertThat(container.extract(container.embed(mp4, MANIFEST)).orElseThrow().manifest()).isEqualTo(MANIFEST);
    }

    @Test
    void aLastBoxRunningToTheEndCannotBeFollowed() {
        byte[] openEnded = concat(box("ftyp", "isom"), ByteBuffer.allocate(12).putInt(0)
                .put("mdat".getBytes(StandardCharsets.ISO_8859_1)).putInt(7).array());

        assertThatThrownBy(() -> container.embed(openEnded, MANIFEST)).hasMessageContaining("runs to the end");
    }

    @Test
    void impossibleSizesAndSecondManifestsAreReported() throws IOException {
        byte[] signed = container.embed(TestAssets.mp4(), MANIFEST);
        byte[] twice = concat(signed, java.util.Arrays.copyOfRange(signed, TestAssets.mp4().length, signed.length));
        byte[] broken = signed.clone();
        broken[3] = 0x7f; // ftyp's size now runs past the end

        assertThatThrownBy(() -> container.extract(twice)).hasMessageContaining("two provenance manifests");
        assertThatThrownBy(() -> container.extract(broken)).hasMessageContaining("impossible size");
        assertThatThrownBy(() -> container.embed(signed, MANIFEST)).hasMessageContaining("already holds");
    }
}
