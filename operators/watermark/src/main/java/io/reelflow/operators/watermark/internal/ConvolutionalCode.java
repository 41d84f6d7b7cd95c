package io.reelflow.operators.watermark.internal;

/**
 * The rate 1/2, constraint length 7 convolutional code (generators 133 and 171 octal, as in 802.11 and DVB),
 * zero-terminated, with a soft-decision Viterbi decoder. Soft decoding matters here: the detector's per-bit
 * correlations say how sure each bit is, and the decoder uses that rather than majority votes.
 */
public final class ConvolutionalCode {

    public static final int CONSTRAINT_LENGTH = 7;
    private static final int MEMORY = CONSTRAINT_LENGTH - 1;
    private static final int STATES = 1 << MEMORY;
    private static final int G1 = 0133;
    private static final int G2 = 0171;

    private ConvolutionalCode() {}

    /** Coded length for {@code messageBits} message bits: two symbols per bit, tail included. */
    public static int codedLength(int messageBits) {
        return 2 * (messageBits + MEMORY);
    }

    /** Encodes bits (0/1) into code bits (0/1), followed by the zero tail that returns the encoder to state 0. */
    public static int[] encode(int[] message) {
        int[] coded = new int[codedLength(message.length)];
        int state = 0;
        for (int i = 0; i < message.length + MEMORY; i++) {
            int bit = i < message.length ? message[i] : 0;
            int register = (bit << MEMORY) | state;
            coded[2 * i] = Integer.bitCount(register & G1) & 1;
            coded[2 * i + 1] = Integer.bitCount(register & G2) & 1;
            state = register >>> 1;
        }
        return coded;
    }

    /**
     * Maximum-likelihood message for soft values, one per code bit: positive means 1, negative 0, magnitude is
     * confidence. Returns {@code messageBits} bits (0/1).
     */
    public static int[] decode(double[] soft, int messageBits) {
        if (soft.length != codedLength(messageBits)) {
            throw new IllegalArgumentException("expected " + codedLength(messageBits) + " soft values, got " + soft.length);
        }
        int steps = messageBits + MEMORY;
        double[] metric = new double[STATES];
        double[] next = new double[STATES];
        java.util.Arrays.fill(metric, Double.NEGATIVE_INFINITY);
        metric[0] = 0;
        int[][] from = new int[steps][STATES];
        for (int step = 0; step < steps; step++) {
            java.util.Arrays.fill(next, Double.NEGATIVE_INFINITY);
            int maxBit = step < messageBits ? 1 : 0;
            for (int state = 0; state < STATES; state++) {
                if (metric[state] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                for (int bit = 0; bit <= maxBit; bit++) {
                    int register = (bit << MEMORY) | state;
                    double gain = symbol(register & G1) * soft[2 * step] + symbol(register & G2) * soft[2 * step + 1];
                    int target = register >>> 1;
                    double candidate = metric[state] + gain;
                    if (candidate > next[target]) {
                        next[target] = candidate;
                        from[step][target] = state;
                    }
                }
            }
            double[] swap = metric;
            metric = next;
            next = swap;
        }
        int[] message = new int[messageBits];
        int state = 0;
        for (int step = steps - 1; step >= 0; step--) {
            if (step < messageBits) {
                message[step] = state >>> (MEMORY - 1);
            }
            state = from[step][state];
        }
        return message;
    }

    private static int symbol(int tapped) {
        return (Integer.bitCount(tapped) & 1) == 1 ? 1 : -1;
    }
}
