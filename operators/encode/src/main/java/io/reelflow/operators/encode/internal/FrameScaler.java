package io.reelflow.operators.encode.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INP;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_LANCZOS;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Scales one RGB24 frame at a time to another size with FFmpeg's swscale (Lanczos), into a native buffer: YUV 4:2:0
 * (BT.709, limited range) for the H.264 encoder, or RGB24 for PNGs. Scaling straight into YUV uses swscale's SIMD
 * paths (about 1 ms for a 1080p frame); RGB output takes a slower full-chroma path (tens of ms), so it is used only
 * for stills. Buffers are JavaCPP allocations, outside the JVM's direct-memory limit that Flink sizes tightly.
 */
public final class FrameScaler implements AutoCloseable {

    private static final int RGB_FLAGS = SWS_LANCZOS | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP | SWS_FULL_CHR_H_INT;
    private static final int YUV_FLAGS = SWS_LANCZOS | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP;
    /**
     * swscale's SIMD readers load whole vectors and can run past the end of a row or buffer: with tightly packed
     * RGB rows this crashed the JVM (SIGSEGV in sws_scale) for some sizes. Rows are aligned, buffers padded.
     */
    private static final int ALIGN = 64;
    private static final int PADDING = 64;

    private final int sourceWidth;
    private final int sourceHeight;
    private final int sourceStride;
    private final SwsContext context;
    private final BytePointer source;
    private final BytePointer target;
    private final PointerPointer<?> sourcePlanes;
    private final PointerPointer<?> targetPlanes;
    private final IntPointer sourceStrides;
    private final IntPointer targetStrides;

    private FrameScaler(int sourceWidth, int sourceHeight, int width, int height, boolean yuv) {
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        int format = yuv ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_RGB24;
        SwsContext created = sws_getContext(sourceWidth, sourceHeight, AV_PIX_FMT_RGB24, width, height, format,
                yuv ? YUV_FLAGS : RGB_FLAGS, null, null, (DoublePointer) null);
        if (created == null || created.isNull()) {
            throw new IllegalStateException("swscale cannot scale " + sourceWidth + "x" + sourceHeight + " RGB to "
                    + width + "x" + height + (yuv ? " YUV 4:2:0" : " RGB"));
        }
        this.context = created;
        this.sourceStride = (sourceWidth * 3 + ALIGN - 1) / ALIGN * ALIGN;
        this.source = new BytePointer((long) sourceStride * sourceHeight + PADDING);
        this.sourcePlanes = new PointerPointer<>(4).put(0, source);
        this.sourceStrides = new IntPointer(sourceStride, 0, 0, 0);
        if (yuv) {
            YuvLayout layout = new YuvLayout(width, height);
            this.target = new BytePointer(layout.bytes() + PADDING);
            this.targetPlanes = new PointerPointer<>(4)
                    .put(0, target)
                    .put(1, target.getPointer(layout.uOffset()))
                    .put(2, target.getPointer(layout.vOffset()));
            this.targetStrides = new IntPointer(width, layout.chromaWidth(), layout.chromaWidth(), 0);
            // BT.709 for HD video, and the stream is tagged so (Mp4Writer); full-range RGB in, limited-range YUV out.
            IntPointer bt709 = sws_getCoefficients(SWS_CS_ITU709);
            sws_setColorspaceDetails(context, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
        } else {
            this.target = new BytePointer((long) width * height * 3 + PADDING);
            this.targetPlanes = new PointerPointer<>(4).put(0, target);
            this.targetStrides = new IntPointer(width * 3, 0, 0, 0);
        }
    }

    /** Scales RGB24 to {@code width x height} YUV 4:2:0 planes (Y, then U, then V, no padding). */
    public static FrameScaler toYuv420(int sourceWidth, int sourceHeight, int width, int height) {
        return new FrameScaler(sourceWidth, sourceHeight, width, height, true);
    }

    /** Scales RGB24 to {@code width x height} RGB24. */
    public static FrameScaler toRgb(int sourceWidth, int sourceHeight, int width, int height) {
        return new FrameScaler(sourceWidth, sourceHeight, width, height, false);
    }

    /** Scales the frame at {@code rgb[offset...]} into {@link #output()}. */
    public void scale(byte[] rgb, int offset) {
        int row = sourceWidth * 3;
        for (int y = 0; y < sourceHeight; y++) {
            source.position((long) y * sourceStride).put(rgb, offset + y * row, row);
        }
        int rows = sws_scale(context, sourcePlanes, sourceStrides, 0, sourceHeight, targetPlanes, targetStrides);
        if (rows <= 0) {
            throw new IllegalStateException("sws_scale failed: " + rows);
        }
    }

    /** The last scaled frame; a view of native memory that lives as long as this scaler. */
    public ByteBuffer output() {
        return target.position(0).limit(target.capacity() - PADDING).asByteBuffer();
    }

    /** A heap copy of the last scaled frame. */
    public byte[] outputBytes() {
        byte[] copy = new byte[Math.toIntExact(target.capacity() - PADDING)];
        target.position(0).get(copy);
        return copy;
    }

    @Override
    public void close() {
        sws_freeContext(context);
        source.close();
        target.close();
        sourcePlanes.close();
        targetPlanes.close();
        sourceStrides.close();
        targetStrides.close();
    }
}
