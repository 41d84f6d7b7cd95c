package io.reelflow.operators.provenance;

import io.reelflow.pipeline.Encoded;
import io.reelflow.pipeline.EncodedFile;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.ModelInfo;
import io.reelflow.schema.OutputRole;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.imageio.ImageIO;

/** Real PNGs (ImageIO) and ISO BMFF box layouts, and a request's trace, for signing. */
public final class TestAssets {

    public static final String PROMPT = "a lighthouse at dusk";

    private TestAssets() {}

    public static Trace trace(String tenantId) {
        GenerationRequest request = GenerationRequest.newBuilder()
                .setRequestId("req-1")
                .setTenantId(tenantId)
                .setSubmittedAt(Instant.parse("2026-11-25T10:00:00Z"))
                .setMode(GenerationMode.TEXT_TO_IMAGE)
                .setPrompt(PROMPT)
                .setWidth(64)
                .setHeight(48)
                .build();
        return Trace.accepted(request, new SourceRef("reelflow.requests", 0, 42), 1_000L)
                .withGeneration(7L, ModelInfo.newBuilder().setId("reelflow-dit-xs").setTrained(true)
                        .setWeightsSha256("ab".repeat(32)).build())
                .withWatermarkId("00112233aabbccdd");
    }

    public static Encoded image(String tenantId) throws IOException {
        return new Encoded(trace(tenantId), java.util.List.of(new EncodedFile(
                "output.png", OutputRole.PRIMARY, "image/png", png(64, 48), 64, 48, 1, 0.0)));
    }

    /** A gradient PNG written by the JDK, as the encode stage writes them. */
    public static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 4 << 16) | (y * 5 << 8) | ((x + y) & 0xff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** ftyp, mdat, moov: the layout FFmpeg's MP4 muxer writes, with made-up payloads. */
    public static byte[] mp4() {
        return concat(box("ftyp", "isom\0\0\2\0isomiso2avc1mp41"), box("mdat", "frame data ".repeat(40)),
                box("moov", "movie header and sample tables"));
    }

    public static byte[] box(String type, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length)
                .put(type.getBytes(StandardCharsets.ISO_8859_1)).put(body).array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
