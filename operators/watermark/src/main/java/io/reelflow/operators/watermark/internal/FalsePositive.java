package io.reelflow.operators.watermark.internal;

/**
 * Upper bound on the chance that content not marked under the key decodes to some valid payload with at most a given
 * number of code-bit errors.
 *
 * <p>Without the mark, each code bit's correlation is a sum of the content's cell residuals times keyed random signs
 * that the content cannot depend on, so it is positive or negative with probability 1/2 (ties count as errors), and
 * flipping every keyed sign of one bit's cells is as likely as not flipping them, whatever the other bits' signs, so
 * they are independent: the hard decisions are uniform on {0,1}^n whatever the content.
 * A given codeword is then within {@code e} errors with probability V(n, e) / 2^n (V: Hamming ball volume); a union
 * over the 2^64 codewords whose CRC holds gives P <= 2^64 V(n, e) / 2^n. This needs no model of the picture, which
 * matters because a detailed picture's residuals dwarf the mark.
 */
public final class FalsePositive {

    private FalsePositive() {}

    public static double probability(int bitErrors) {
        int n = PayloadCodec.CODED_BITS;
        double volume = 0;
        double binomial = 1;
        for (int i = 0; i <= Math.min(bitErrors, n); i++) {
            volume += binomial;
            binomial = binomial * (n - i) / (i + 1);
        }
        return Math.min(1.0, volume * Math.pow(2, PayloadCodec.ID_BITS - n));
    }
}
