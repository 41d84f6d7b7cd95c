package io.reelflow.operators.provenance.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The manifest as a top-level {@code uuid} box (Reelflow's own extended type) appended after the last box. Appending
 * moves no media data, so the sample offsets in {@code moov} stay valid and players ignore the unknown box.
 */
final class Mp4Container implements ManifestContainer {

    /** The box's extended type: fixed for Reelflow manifests, random otherwise. */
    static final byte[] USER_TYPE = HexFormat.of().parseHex("7265656c666c6f77b6e4a0b1c2d3e4f5");
    private static final int HEADER = 8 + USER_TYPE.length;

    static boolean isIsoBmff(byte[] bytes) {
        return bytes.length >= 8 && "ftyp".equals(new String(bytes, 4, 4, StandardCharsets.ISO_8859_1));
    }

    @Override
    public byte[] embed(byte[] mp4, byte[] manifest) throws IOException {
        Layout layout = layout(mp4);
        if (layout.manifest != null) {
            throw new IOException("the MP4 already holds a provenance manifest");
        }
        if (layout.openEnded) {
            throw new IOException("the MP4's last box runs to the end of the file, so nothing can follow it");
        }
        long size = (long) HEADER + manifest.length;
        if (size > Integer.MAX_VALUE - mp4.length) {
            throw new IOException("the manifest does not fit in the file");
        }
        ByteBuffer out = ByteBuffer.allocate(mp4.length + (int) size);
        out.put(mp4).putInt((int) size).put("uuid".getBytes(StandardCharsets.ISO_8859_1)).put(USER_TYPE).put(manifest);
        return out.array();
    }

    @Override
    public Optional<Extracted> extract(byte[] mp4) throws IOException {
        Box box = layout(mp4).manifest;
        if (box == null) {
            return Optional.empty();
        }
        byte[] manifest = Arrays.copyOfRange(mp4, box.start + HEADER, box.end);
        byte[] without = new byte[mp4.length - (box.end - box.start)];
        System.arraycopy(mp4, 0, without, 0, box.start);
        System.arraycopy(mp4, box.end, without, box.start, mp4.length - box.end);
        return Optional.of(new Extracted(manifest, without));
    }

    private record Box(int start, int end) {}

    private record Layout(Box manifest, boolean openEnded) {}

    /** Walks the top-level boxes. */
    private static Layout layout(byte[] mp4) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(mp4);
        Box found = null;
        boolean openEnded = false;
        long at = 0;
        while (at < mp4.length) {
            if (at + 8 > mp4.length) {
                throw new IOException("MP4 box at byte " + at + " is cut off");
            }
            long size = Integer.toUnsignedLong(buffer.getInt((int) at));
            String type = new String(mp4, (int) at + 4, 4, StandardCharsets.ISO_8859_1);
            if (size == 1) {
                if (at + 16 > mp4.length) {
                    throw new IOException("MP4 box " + type + " at byte " + at + " is cut off");
                }
                size = buffer.getLong((int) at + 8);
            } else if (size == 0) {
                size = mp4.length - at; // runs to the end of the file
                openEnded = true;
            }
            if (size < 8 || size > mp4.length - at) {
                throw new IOException("MP4 box " + type + " at byte " + at + " has an impossible size " + size);
            }
            if (type.equals("uuid") && size >= HEADER
                    && Arrays.equals(mp4, (int) at + 8, (int) at + HEADER, USER_TYPE, 0, USER_TYPE.length)) {
                if (found != null) {
                    throw new IOException("the MP4 holds two provenance manifests");
                }
                found = new Box((int) at, (int) (at + size));
            }
            at += size;
        }
        return new Layout(found, openEnded);
    }
}
