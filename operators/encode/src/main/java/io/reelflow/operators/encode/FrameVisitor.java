package io.reelflow.operators.encode;

import java.io.IOException;

/** Receives decoded frames one at a time, so a long video never sits in memory whole. */
@FunctionalInterface
public interface FrameVisitor {

    /**
     * @param index 0-based frame number in presentation order
     * @param rgb {@code width * height * 3} bytes of RGB24; the array is reused for the next frame, copy to keep it
     */
    void frame(int index, int width, int height, byte[] rgb) throws IOException;
}
