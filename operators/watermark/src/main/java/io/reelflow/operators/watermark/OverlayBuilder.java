package io.reelflow.operators.watermark;

import io.reelflow.operators.watermark.internal.TextSprite;
import io.reelflow.pipeline.Overlay;
import io.reelflow.schema.MarkPosition;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the visible mark's {@link Overlay} in output pixels: the text rendered, or the logo resampled, at
 * {@code scale} times the output width keeping its aspect (shrunk if it would not fit), with opacity applied, placed
 * in a corner with a margin, or for {@link MarkPosition#MOVING} hopping between the four corners every few seconds,
 * so no single crop removes it from the whole video. An image (duration 0) with MOVING gets the bottom-right corner.
 */
public final class OverlayBuilder {

    public static final int MAX_TEXT_LENGTH = 64;
    public static final double MIN_SCALE = 0.05;
    public static final double MAX_SCALE = 0.5;
    /** Margin from the frame's edges, as a fraction of its shorter side. */
    static final double MARGIN_FRACTION = 0.03;
    /** Longest stay in one corner for MOVING; shorter videos hop at half their duration so every video moves. */
    static final double HOP_SECONDS = 3.0;
    /**
     * The order MOVING visits corners: each corner equally often, starting with a diagonal hop, so cropping any one
     * edge away hides the mark at most half of the time.
     */
    private static final List<MarkPosition> MOVING_ORDER = List.of(
            MarkPosition.TOP_LEFT, MarkPosition.BOTTOM_RIGHT, MarkPosition.TOP_RIGHT, MarkPosition.BOTTOM_LEFT);

    private String text;
    private Logo logo;
    private MarkPosition position = MarkPosition.BOTTOM_RIGHT;
    private double opacity = Double.NaN;
    private double scale = Double.NaN;
    private int outputWidth;
    private int outputHeight;
    private double durationSeconds;

    public static OverlayBuilder builder() {
        return new OverlayBuilder();
    }

    public static OverlayBuilder from(VisibleMarkSpec spec) {
        return builder().text(spec.text()).logo(spec.logo()).position(spec.position()).opacity(spec.opacity())
                .scale(spec.scale());
    }

    /** An image instead of text (the two are exclusive). */
    public OverlayBuilder logo(Logo logo) {
        this.logo = logo;
        return this;
    }

    public OverlayBuilder text(String text) {
        this.text = text;
        return this;
    }

    public OverlayBuilder position(MarkPosition position) {
        this.position = position;
        return this;
    }

    /** 0 (invisible) to 1 (opaque). */
    public OverlayBuilder opacity(double opacity) {
        this.opacity = opacity;
        return this;
    }

    /** Mark width as a fraction of the output width, 0.05 to 0.5. */
    public OverlayBuilder scale(double scale) {
        this.scale = scale;
        return this;
    }

    /** The size the encoder scales frames to; the overlay is drawn at that size. */
    public OverlayBuilder outputSize(int width, int height) {
        this.outputWidth = width;
        this.outputHeight = height;
        return this;
    }

    /** The video's duration, 0 for an image. */
    public OverlayBuilder durationSeconds(double seconds) {
        this.durationSeconds = seconds;
        return this;
    }

    public Overlay build() {
        if (logo != null && text != null) {
            throw new IllegalArgumentException("a visible mark is text or a logo, not both");
        }
        if (logo == null && (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH)) {
            throw new IllegalArgumentException("visible mark text must be 1-" + MAX_TEXT_LENGTH + " characters");
        }
        if (position == null) {
            throw new IllegalArgumentException("visible mark position is required");
        }
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new IllegalArgumentException("visible mark opacity must be in [0, 1], was " + opacity);
        }
        if (!(scale >= MIN_SCALE && scale <= MAX_SCALE)) {
            throw new IllegalArgumentException("visible mark scale must be in [" + MIN_SCALE + ", " + MAX_SCALE + "], was " + scale);
        }
        if (outputWidth <= 0 || outputHeight <= 0) {
            throw new IllegalArgumentException("output size must be positive: " + outputWidth + "x" + outputHeight);
        }
        if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("duration must be finite and >= 0, was " + durationSeconds);
        }
        int margin = (int) Math.round(MARGIN_FRACTION * Math.min(outputWidth, outputHeight));
        double width = scale * outputWidth;
        double height = logo != null ? width * logo.height() / logo.width()
                : width * TextSprite.rows() / TextSprite.columns(text);
        double fit = Math.min(1, Math.min((outputWidth - 2.0 * margin) / width, (outputHeight - 2.0 * margin) / height));
        int spriteWidth = Math.max(1, (int) Math.round(width * fit));
        int spriteHeight = Math.max(1, (int) Math.round(height * fit));
        byte[] rgba = logo != null ? logo.resized(spriteWidth, spriteHeight, opacity)
                : TextSprite.render(text, spriteWidth, spriteHeight, opacity);
        return new Overlay(spriteWidth, spriteHeight, rgba, placements(spriteWidth, spriteHeight, margin));
    }

    /** Always an ArrayList: Flink's Kryo fallback cannot rebuild the immutable lists of List.of(). */
    private List<Overlay.Placement> placements(int width, int height, int margin) {
        if (position != MarkPosition.MOVING) {
            return new ArrayList<>(List.of(at(position, 0, width, height, margin)));
        }
        if (durationSeconds == 0) {
            return new ArrayList<>(List.of(at(MarkPosition.BOTTOM_RIGHT, 0, width, height, margin)));
        }
        double hop = Math.min(HOP_SECONDS, durationSeconds / 2);
        List<Overlay.Placement> placements = new ArrayList<>();
        for (int i = 0; i * hop < durationSeconds; i++) {
            placements.add(at(MOVING_ORDER.get(i % MOVING_ORDER.size()), i * hop, width, height, margin));
        }
        return placements;
    }

    private Overlay.Placement at(MarkPosition corner, double from, int width, int height, int margin) {
        int left = margin;
        int right = Math.max(0, outputWidth - width - margin);
        int top = margin;
        int bottom = Math.max(0, outputHeight - height - margin);
        return switch (corner) {
            case TOP_LEFT -> new Overlay.Placement(from, left, top);
            case TOP_RIGHT -> new Overlay.Placement(from, right, top);
            case BOTTOM_LEFT -> new Overlay.Placement(from, left, bottom);
            default -> new Overlay.Placement(from, right, bottom);
        };
    }
}
