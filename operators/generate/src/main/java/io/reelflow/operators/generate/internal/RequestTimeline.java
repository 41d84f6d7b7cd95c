package io.reelflow.operators.generate.internal;

import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.FrameScaler;
import io.reelflow.operators.generate.NativeFormat;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.ExtendDirection;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.InputAsset;
import java.io.IOException;

/**
 * A request as a {@link Timeline} at the model's native size and rate. The new frames (the request's duration) go
 * after a source video extended forward, before one extended backward and between two connected videos; the output
 * holds the given frames too, so a seam can be seen and judged. Image to video lasts the request's duration, its
 * first frame the image. An edit is the source's length, every frame regenerated from the noised source.
 */
public final class RequestTimeline {

    /**
     * A request whose inputs cannot be used, with the reason for its result: REJECTED when the request is at fault,
     * FAILED ({@code transient}) when the store failed and a resubmission may succeed.
     */
    public static final class InputProblem extends Exception {
        private final ErrorCode code;
        private final boolean transientFailure;

        InputProblem(ErrorCode code, String message) {
            this(code, message, false);
        }

        InputProblem(ErrorCode code, String message, boolean transientFailure) {
            super(message);
            this.code = code;
            this.transientFailure = transientFailure;
        }

        public ErrorCode code() {
            return code;
        }

        public boolean transientFailure() {
            return transientFailure;
        }
    }

    /** How far an edit departs from its source when the request does not say: enough to change colours. */
    public static final double DEFAULT_EDIT_STRENGTH = 0.6;

    private RequestTimeline() {}

    public static Timeline build(GenerationRequest request, NativeFormat format, AssetReader assets, int maxFrames)
            throws InputProblem {
        int w = format.width();
        int h = format.height();
        int fresh = format.frames(); // the request's new frames, already at most max-native-frames
        return switch (request.getMode()) {
            case TEXT_TO_IMAGE, TEXT_TO_VIDEO -> Timeline.empty(w, h, fresh);
            case IMAGE_TO_VIDEO -> {
                Frames image = read(request, AssetRole.FIRST_FRAME, assets, format);
                yield Timeline.empty(w, h, fresh).place(image.slice(0, 1), 0);
            }
            case EXTEND_VIDEO -> {
                Frames source = read(request, AssetRole.SOURCE_VIDEO, assets, format);
                boolean backward = request.getExtendDirection() == ExtendDirection.BACKWARD;
                int kept = Math.min(source.count(), Math.max(1, maxFrames - fresh));
                fresh = Math.min(fresh, Math.max(1, maxFrames - kept));
                // keep the end of the source that meets the new frames
                Frames near = backward ? source.slice(0, kept) : source.slice(source.count() - kept, kept);
                yield Timeline.empty(w, h, kept + fresh).place(near, backward ? fresh : 0);
            }
            case CONNECT_VIDEOS -> {
                Frames from = read(request, AssetRole.CONNECT_FROM, assets, format);
                Frames to = read(request, AssetRole.CONNECT_TO, assets, format);
                fresh = Math.min(fresh, Math.max(1, maxFrames - 2));
                int each = Math.max(1, (maxFrames - fresh) / 2);
                Frames end = from.slice(Math.max(0, from.count() - each), Math.min(each, from.count()));
                Frames start = to.slice(0, Math.min(each, to.count()));
                yield Timeline.empty(w, h, end.count() + fresh + start.count())
                        .place(end, 0)
                        .place(start, end.count() + fresh);
            }
            case EDIT_VIDEO -> {
                Frames source = read(request, AssetRole.SOURCE_VIDEO, assets, format);
                Frames kept = source.slice(0, Math.min(source.count(), maxFrames));
                double strength = request.getEditStrength() != null ? request.getEditStrength() : DEFAULT_EDIT_STRENGTH;
                yield Timeline.empty(w, h, kept.count()).editing(kept, strength);
            }
        };
    }

    private static Frames read(GenerationRequest request, AssetRole role, AssetReader assets, NativeFormat format)
            throws InputProblem {
        InputAsset asset = request.getInputAssets().stream().filter(a -> a.getRole() == role).findFirst()
                .orElseThrow(() -> new InputProblem(ErrorCode.MISSING_INPUT_ASSET,
                        request.getMode() + " needs an input asset with role " + role));
        AssetReader.Asset read;
        try {
            read = assets.read(asset.getUri());
        } catch (AssetReader.Unusable e) {
            throw new InputProblem(e.code(), role + " " + asset.getUri() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new InputProblem(ErrorCode.STORE_FAILED, "cannot read " + role + " " + asset.getUri() + " now: "
                    + e.getMessage(), true);
        }
        Frames frames = FrameScaler.resize(read.frames(), format.width(), format.height());
        return read.fps() > 0 && format.fps() > 0 ? FrameScaler.resample(frames, read.fps(), format.fps()) : frames;
    }
}
