package io.reelflow.operators.watermark.internal;

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF): the payload's integrity check. */
public final class Crc16 {

    private Crc16() {}

    /** CRC of the 8 bytes of {@code value}, most significant byte first. */
    public static int of(long value) {
        int crc = 0xFFFF;
        for (int shift = 56; shift >= 0; shift -= 8) {
            crc ^= (int) ((value >>> shift) & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }
}
