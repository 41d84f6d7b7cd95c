package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;

/** Cuts (b, frames, height, width, channels) into spacetime patches and puts them back. */
final class Patches {

    private Patches() {}

    /** (b, t*pt, gh*ph, gw*pw, c) to (b, t, gh*gw, pt*ph*pw*c). */
    static NDArray patchify(NDArray x, int pt, int ph, int pw) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1) / pt;
        long gh = x.getShape().get(2) / ph;
        long gw = x.getShape().get(3) / pw;
        long c = x.getShape().get(4);
        return x.reshape(b, t, pt, gh, ph, gw, pw, c)
                .transpose(0, 1, 3, 5, 2, 4, 6, 7)
                .reshape(b, t, gh * gw, (long) pt * ph * pw * c);
    }

    /** The inverse of {@link #patchify} for a grid of {@code gh x gw} patches. */
    static NDArray unpatchify(NDArray patches, long gh, long gw, int pt, int ph, int pw, long c) {
        long b = patches.getShape().get(0);
        long t = patches.getShape().get(1);
        return patches.reshape(b, t, gh, gw, pt, ph, pw, c)
                .transpose(0, 1, 4, 2, 5, 3, 6, 7)
                .reshape(b, t * pt, gh * ph, gw * pw, c);
    }
}
