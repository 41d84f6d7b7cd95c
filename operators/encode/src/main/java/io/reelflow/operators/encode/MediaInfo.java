package io.reelflow.operators.encode;

/**
 * What a media file holds. For a PNG: format and codec "png", 1 frame, fps 0, duration 0.
 *
 * @param format the container as FFmpeg names it, e.g. "mov,mp4,m4a,3gp,3g2,mj2", or "png"
 * @param codec the video codec, e.g. "h264"
 * @param frames the container's frame count when probing (exact for MP4); the decoded count after reading
 */
public record MediaInfo(
        String format, String codec, int width, int height, int frames, double fps, double durationSeconds) {}
