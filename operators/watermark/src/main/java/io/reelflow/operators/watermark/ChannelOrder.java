package io.reelflow.operators.watermark;

/** Channel order of 8-bit three-channel pixels handed to the detector (FFmpeg grabbers deliver BGR). */
public enum ChannelOrder {
    RGB,
    BGR
}
