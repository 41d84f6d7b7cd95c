package io.reelflow.pipeline;

/** Stage names as they appear in timings, metrics and operator names. */
public final class Stages {
    public static final String DECODE = "decode";
    public static final String MODERATE = "moderate";
    /** Gate 2: input assets. */
    public static final String MODERATE_INPUT = "moderate_input";
    /** Gate 3: generated frames. */
    public static final String MODERATE_OUTPUT = "moderate_output";
    public static final String QUEUE = "queue";
    public static final String SAMPLE = "sample";
    public static final String WATERMARK = "watermark";
    public static final String ENCODE = "encode";
    public static final String SIGN = "sign";
    public static final String STORE = "store";

    private Stages() {}
}
