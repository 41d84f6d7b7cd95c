package io.reelflow.operators.watermark.internal;

/**
 * The watermark payload on the wire: the 64-bit id, its CRC-16, and the convolutional code over both (80 message
 * bits become {@link #CODED_BITS} code bits). The CRC is what tells a real payload from the decoder's best guess on
 * unmarked content; the code corrects the bits that resampling and compression flipped.
 */
public final class PayloadCodec {

    public static final int ID_BITS = 64;
    public static final int CRC_BITS = 16;
    public static final int MESSAGE_BITS = ID_BITS + CRC_BITS;
    public static final int CODED_BITS = ConvolutionalCode.codedLength(MESSAGE_BITS);

    /** What the decoder made of the soft values. */
    public record Decoded(long id, boolean integrityOk, int bitErrors, int[] codeBits) {}

    private PayloadCodec() {}

    /** Code bits (0/1) for {@code id}. */
    public static int[] encode(long id) {
        int[] message = new int[MESSAGE_BITS];
        for (int i = 0; i < ID_BITS; i++) {
            message[i] = (int) ((id >>> (ID_BITS - 1 - i)) & 1);
        }
        int crc = Crc16.of(id);
        for (int i = 0; i < CRC_BITS; i++) {
            message[ID_BITS + i] = (crc >>> (CRC_BITS - 1 - i)) & 1;
        }
        return ConvolutionalCode.encode(message);
    }

    /**
     * Decodes soft values (positive means 1). {@code bitErrors} counts the code bits whose hard decision disagrees
     * with the decoded codeword: the errors the code corrected, if the CRC holds. A soft value of exactly 0 (no
     * evidence) counts as an error, so the count never looks better than a fair coin would make it.
     */
    public static Decoded decode(double[] soft) {
        int[] message = ConvolutionalCode.decode(soft, MESSAGE_BITS);
        long id = 0;
        for (int i = 0; i < ID_BITS; i++) {
            id = (id << 1) | message[i];
        }
        int crc = 0;
        for (int i = 0; i < CRC_BITS; i++) {
            crc = (crc << 1) | message[ID_BITS + i];
        }
        int[] reencoded = ConvolutionalCode.encode(message);
        int errors = 0;
        for (int i = 0; i < soft.length; i++) {
            boolean agrees = reencoded[i] == 1 ? soft[i] > 0 : soft[i] < 0;
            if (!agrees) {
                errors++;
            }
        }
        return new Decoded(id, crc == Crc16.of(id), errors, reencoded);
    }
}
