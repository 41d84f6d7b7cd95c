package io.reelflow.operators.provenance.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The manifest as an uncompressed iTXt chunk with keyword {@value #KEYWORD}, just before IEND. Every chunk's CRC is
 * checked while looking for it, so a flipped byte anywhere in the chunk structure is reported, not skipped.
 */
final class PngContainer implements ManifestContainer {

    static final String KEYWORD = "reelflow-provenance";
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ITXT_PREFIX = (KEYWORD + "\0\0\0\0\0").getBytes(StandardCharsets.ISO_8859_1);

    static boolean isPng(byte[] bytes) {
        return bytes.length >= SIGNATURE.length && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0,
                SIGNATURE.length);
    }

    @Override
    public byte[] embed(byte[] png, byte[] manifest) throws IOException {
        Layout layout = chunks(png);
        if (layout.manifest != null) {
            throw new IOException("the PNG already holds a provenance manifest");
        }
        Chunk end = layout.iend;
        byte[] data = new byte[ITXT_PREFIX.length + manifest.length];
        System.arraycopy(ITXT_PREFIX, 0, data, 0, ITXT_PREFIX.length);
        System.arraycopy(manifest, 0, data, ITXT_PREFIX.length, manifest.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + data.length + 12);
        out.write(png, 0, end.start);
        writeChunk(out, "iTXt", data);
        out.write(png, end.start, png.length - end.start);
        return out.toByteArray();
    }

    @Override
    public Optional<Extracted> extract(byte[] png) throws IOException {
        Chunk found = chunks(png).manifest;
        if (found == null) {
            return Optional.empty();
        }
        byte[] manifest = Arrays.copyOfRange(png, found.dataStart + ITXT_PREFIX.length, found.end - 4);
        byte[] without = new byte[png.length - (found.end - found.start)];
        System.arraycopy(png, 0, without, 0, found.start);
        System.arraycopy(png, found.end, without, found.start, png.length - found.end);
        return Optional.of(new Extracted(manifest, without));
    }

    private record Chunk(int start, int dataStart, int end) {}

    private record Layout(Chunk manifest, Chunk iend) {}

    private static Layout chunks(byte[] png) throws IOException {
        if (!isPng(png)) {
            throw new IOException("not a PNG");
        }
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int at = SIGNATURE.length;
        Chunk manifest = null;
        while (at + 12 <= png.length) {
            long length = Integer.toUnsignedLong(buffer.getInt(at));
            if (length > png.length - at - 12L) {
                throw new IOException("PNG chunk at byte " + at + " runs past the end of the file");
            }
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            Chunk chunk = new Chunk(at, at + 8, at + 12 + (int) length);
            CRC32 crc = new CRC32();
            crc.update(png, at + 4, 4 + (int) length);
            if ((int) crc.getValue() != buffer.getInt(chunk.end - 4)) {
                throw new IOException("PNG chunk " + type + " at byte " + at + " fails its CRC: the file is damaged");
            }
            if (type.equals("iTXt") && length >= ITXT_PREFIX.length
                    && Arrays.equals(png, chunk.dataStart, chunk.dataStart + ITXT_PREFIX.length, ITXT_PREFIX, 0,
                            ITXT_PREFIX.length)) {
                if (manifest != null) {
                    throw new IOException("the PNG holds two provenance manifests");
                }
                manifest = chunk;
            }
            if (type.equals("IEND")) {
                return new Layout(manifest, chunk);
            }
            at = chunk.end;
        }
        throw new IOException("the PNG ends without an IEND chunk");
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
