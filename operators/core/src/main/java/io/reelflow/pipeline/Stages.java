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
    /** Sampling's wall time, start to finish, sharing the device with the rest of its batch. */
    public static final String SAMPLE = "sample";
    /**
     * The request's share of device time: each denoising step's time divided by the requests batched in it. What a
     * request costs, and what campaign budgets count; not a stage of its own.
     */
    public static final String DEVICE = "device";
    public static final String WATERMARK = "watermark";
    public static final String ENCODE = "encode";
    public static final String SIGN = "sign";
    public static final String STORE = "store";

    private Stages() {}
}
