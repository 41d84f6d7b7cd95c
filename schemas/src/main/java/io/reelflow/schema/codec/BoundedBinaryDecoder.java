package io.reelflow.schema.codec;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding over one byte array that trusts no length in it. Avro's own decoder allocates whatever a
 * string, bytes or block length claims (a 10-byte payload can ask for 2 GB); here every length and item count must
 * fit in the bytes that are left, and strings must be valid UTF-8 instead of being silently repaired.
 *
 * <p>Item counts are bounded by the remaining bytes, which assumes every array item and map entry takes at least one
 * byte. That holds for all Reelflow schemas (no arrays of null or of empty records).
 */
final class BoundedBinaryDecoder extends Decoder {

    private final byte[] buf;
    private final int limit;
    private int pos;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    BoundedBinaryDecoder(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    int remaining() {
        return limit - pos;
    }

    @Override
    public int remainingBytes() {
        return remaining();
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() throws IOException {
        int b = next();
        if (b > 1) {
            throw new IOException("invalid boolean byte " + b);
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long n = readLong();
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IOException("int out of range: " + n);
        }
        return (int) n;
    }

    @Override
    public long readLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = next();
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IOException("invalid varint: longer than 10 bytes");
    }

    @Override
    public float readFloat() throws IOException {
        need(4);
        int bits = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        need(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("string");
        checkUtf8(length);
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("string");
        String s = checkUtf8(length);
        pos += length;
        return s;
    }

    @Override
    public void skipString() throws IOException {
        pos += length("string");
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes");
        ByteBuffer result = ByteBuffer.wrap(Arrays.copyOfRange(buf, pos, pos + length));
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        pos += length("bytes");
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        need(length);
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        need(length);
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return blockCount();
    }

    @Override
    public long arrayNext() throws IOException {
        return blockCount();
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks();
    }

    @Override
    public long readMapStart() throws IOException {
        return blockCount();
    }

    @Override
    public long mapNext() throws IOException {
        return blockCount();
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    /** Items in the next block; a negative count is followed by the block's byte size, which is not needed here. */
    private long blockCount() throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new IOException("invalid block count");
            }
            count = -count;
            readLong();
        }
        if (count > remaining()) {
            throw new IOException("block claims " + count + " items but only " + remaining() + " bytes remain");
        }
        return count;
    }

    /** Skips blocks that carry their byte size; returns the item count of the first block that does not. */
    private long skipBlocks() throws IOException {
        long count = readLong();
        while (count < 0) {
            long size = readLong();
            if (size < 0 || size > remaining()) {
                throw new EOFException("block size " + size + " exceeds the " + remaining() + " bytes left");
            }
            pos += (int) size;
            count = readLong();
        }
        if (count > remaining()) {
            throw new IOException("block claims " + count + " items but only " + remaining() + " bytes remain");
        }
        return count;
    }

    private int length(String what) throws IOException {
        long length = readLong();
        if (length < 0 || length > remaining()) {
            throw new EOFException(what + " length " + length + " exceeds the " + remaining() + " bytes left");
        }
        return (int) length;
    }

    private String checkUtf8(int length) throws IOException {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(buf, pos, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("string is not valid UTF-8", e);
        }
    }

    private int next() throws IOException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    private void need(int n) throws IOException {
        if (n < 0 || n > remaining()) {
            throw new EOFException("truncated: needed " + n + " bytes, " + remaining() + " left");
        }
    }
}
