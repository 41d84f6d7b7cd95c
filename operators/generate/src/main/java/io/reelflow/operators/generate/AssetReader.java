package io.reelflow.operators.generate;

import io.reelflow.pipeline.Frames;
import java.io.IOException;

/**
 * Reads a request's input assets (the image of image to video, the videos of extension, connection and editing) as
 * decoded frames. The engine does not fetch or decode media itself: the job or tool that runs it knows where assets
 * live (an object store, local files) and supplies a reader.
 */
@FunctionalInterface
public interface AssetReader {

    /** An asset's frames and frame rate (0 for an image). */
    record Asset(Frames frames, double fps) {}

    Asset read(String uri) throws IOException;

    /** For deployments that take no input assets: every read fails with a reason. */
    static AssetReader none() {
        return uri -> {
            throw new IOException("this deployment reads no input assets (" + uri + ")");
        };
    }
}
