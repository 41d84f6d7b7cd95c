package io.reelflow.operators.moderation.frames;

import java.util.Arrays;
import java.util.Optional;

/** The 64-bit perceptual hashes a blocklist entry can use, named as in blocklist files. */
public enum HashAlgorithm {
    /** Low frequencies of a 32x32 luma DCT against their median: the blocklist's default (see docs/MODERATION.md). */
    PHASH("phash"),
    /** Left-right brightness steps of a 9x8 luma grid. */
    DHASH("dhash");

    private final String id;

    HashAlgorithm(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<HashAlgorithm> fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }
}
