package io.reelflow.operators.generate.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code architecture} node of a "spacetime-dit" manifest, validated.
 *
 * @param initZeroOut adaLN-Zero: gates and output projection start at zero (for training). When false they start
 *     small and random, so an untrained model's output still depends on its weights and the prompt.
 * @param patchT frames per patch; a clip whose frame count is not a multiple is padded internally (an image is one
 *     frame, padded by repetition, and the pad is dropped from the output)
 * @param attentionChunkElements most attention scores (or MLP activations) computed at once, bounding memory
 * @param knownFrames the denoiser takes one more input channel, 1 on frames whose content is given (image to video,
 *     extension, connection) and 0 on frames to generate; given frames enter clean, not noised
 * @param selfConditioning the denoiser also takes its own previous estimate of the clean clip (Chen et al. 2022,
 *     "Analog Bits"), zeros on the first step: it refines a decision rather than re-deciding from noise every step
 * @param windowFrames most frames sampled at once (what the model was trained on); longer clips are chunked
 * @param contextFrames given frames each window sees next to the frames it generates
 * @param refinerFeatures per-pixel features the {@link PixelRefiner} takes from the tokens; 0: no refiner
 * @param refinerHidden channels of the refiner's hidden convolution
 * @param attention how a block's self-attention spans the clip (see {@link AttentionLayout})
 * @param frameNoiseShare the share of the noise's variance the frames of a clip have in common, in training and
 *     sampling alike ({@link io.reelflow.operators.generate.FrameNoise}); 0: independent frames
 */
public record DitConfig(
        long initSeed,
        boolean initZeroOut,
        int channels,
        int patchT,
        int patchH,
        int patchW,
        int width,
        int depth,
        int heads,
        int mlpRatio,
        int timestepFrequencies,
        int trainTimesteps,
        long attentionChunkElements,
        boolean knownFrames,
        boolean selfConditioning,
        int windowFrames,
        int contextFrames,
        int refinerFeatures,
        int refinerHidden,
        AttentionLayout attention,
        double frameNoiseShare,
        Text text,
        Sizing sizing) {

    public static final String TYPE = "spacetime-dit";

    /** Manifest {@code architecture.attention}; absent means factorised. */
    public enum AttentionLayout {
        /** Spatial attention within each patch-frame, then temporal attention along each patch position. */
        FACTORISED,
        /**
         * One attention over every patch of the clip: a patch sees the others at every position and time in one hop,
         * which is what placing a moving object consistently across frames needs. Cost grows with the square of
         * the clip's patch count, which the sampling window bounds.
         */
        SPACETIME;

        static AttentionLayout parse(String value) {
            for (AttentionLayout layout : values()) {
                if (layout.name().equalsIgnoreCase(value)) {
                    return layout;
                }
            }
            throw new IllegalArgumentException("spacetime-dit manifest: attention must be factorised or spacetime, not '"
                    + value + "'");
        }
    }

    /** The prompt encoder: hashed words (see {@link HashedWordTokenizer}) into a small transformer. */
    public record Text(int vocabularySize, int maxTokens, int width, int depth, int heads) {}

    /**
     * How the native frame size is chosen (see {@link NativeSizer}).
     *
     * @param imagePixels target area of an image's native frame
     * @param videoPixels target area of a video's native frame
     * @param areaMin smallest allowed area as a fraction of the target
     * @param areaMax largest allowed area as a fraction of the target
     * @param aspectTolerance aspect errors up to this count as exact; the grid closest in area among them wins
     */
    public record Sizing(int imagePixels, int videoPixels, double areaMin, double areaMax, double aspectTolerance) {}

    public DitConfig {
        require(channels > 0 && patchT > 0 && patchH > 0 && patchW > 0, "channels and patch sizes must be positive");
        require(width > 0 && width % 4 == 0, "width must be a positive multiple of 4 (sinusoidal positions)");
        require(depth > 0 && heads > 0 && width % heads == 0, "width must be a multiple of heads, depth positive");
        require(mlpRatio > 0 && timestepFrequencies > 0 && timestepFrequencies % 2 == 0, "bad mlp-ratio or frequencies");
        require(trainTimesteps > 0 && attentionChunkElements > 0, "train-timesteps and chunk size must be positive");
        require(windowFrames > 2 * contextFrames && contextFrames >= 0,
                "window-frames must exceed twice context-frames");
        require(refinerFeatures >= 0 && (refinerFeatures == 0 || refinerHidden > 0),
                "refiner features must not be negative, and a refiner needs hidden channels");
        require(attention != null, "attention layout missing");
        require(frameNoiseShare >= 0 && frameNoiseShare < 1, "frame-noise-share must be in [0, 1)");
        require(text.vocabularySize() > HashedWordTokenizer.RESERVED && text.maxTokens() >= 2, "text vocabulary too small");
        require(text.width() > 0 && text.depth() >= 0 && text.heads() > 0 && text.width() % text.heads() == 0,
                "text width must be a multiple of text heads");
        require(sizing.imagePixels() > 0 && sizing.videoPixels() > 0, "sizing pixels must be positive");
        require(sizing.areaMin() > 0 && sizing.areaMin() <= 1 && sizing.areaMax() >= 1, "area band must contain 1");
        require(sizing.aspectTolerance() >= 0 && sizing.aspectTolerance() < 1, "aspect tolerance must be in [0, 1)");
    }

    public static DitConfig parse(JsonNode node) {
        require(node != null && TYPE.equals(node.path("type").asText()), "architecture.type must be " + TYPE);
        JsonNode patch = required(node, "patch");
        require(patch.isArray() && patch.size() == 3, "patch must be [frames, height, width]");
        JsonNode text = required(node, "text");
        require("hashed-words".equals(required(text, "tokenizer").asText()), "text.tokenizer must be hashed-words");
        JsonNode sizing = required(node, "sizing");
        JsonNode band = required(sizing, "area-band");
        require(band.isArray() && band.size() == 2, "sizing.area-band must be [min, max]");
        return new DitConfig(
                required(node, "init-seed").asLong(),
                required(node, "init-zero-out").asBoolean(),
                required(node, "channels").asInt(),
                patch.get(0).asInt(),
                patch.get(1).asInt(),
                patch.get(2).asInt(),
                required(node, "width").asInt(),
                required(node, "depth").asInt(),
                required(node, "heads").asInt(),
                required(node, "mlp-ratio").asInt(),
                required(node, "timestep-frequencies").asInt(),
                required(node, "train-timesteps").asInt(),
                required(node, "attention-chunk-elements").asLong(),
                node.path("known-frames").asBoolean(false),
                node.path("self-conditioning").asBoolean(false),
                node.path("window-frames").asInt(Integer.MAX_VALUE),
                node.path("context-frames").asInt(0),
                node.path("refiner").path("features").asInt(0),
                node.path("refiner").path("hidden").asInt(0),
                AttentionLayout.parse(node.path("attention").asText("factorised")),
                node.path("frame-noise-share").asDouble(0),
                new Text(
                        required(text, "vocabulary-size").asInt(),
                        required(text, "max-tokens").asInt(),
                        required(text, "width").asInt(),
                        required(text, "depth").asInt(),
                        required(text, "heads").asInt()),
                new Sizing(
                        required(sizing, "image-pixels").asInt(),
                        required(sizing, "video-pixels").asInt(),
                        band.get(0).asDouble(),
                        band.get(1).asDouble(),
                        required(sizing, "aspect-tolerance").asDouble()));
    }

    /** Values in one output patch: frames x height x width x channels. */
    public int patchValues() {
        return patchT * patchH * patchW * channels;
    }

    /** Values in one input patch: the channels, the known-frame channel and the previous estimate's channels. */
    public int inputPatchValues() {
        return patchT * patchH * patchW * inputChannels();
    }

    /** Channels of the denoiser's input pixels. */
    int inputChannels() {
        return channels + (knownFrames ? 1 : 0) + (selfConditioning ? channels : 0);
    }

    public boolean refiner() {
        return refinerFeatures > 0;
    }

    /**
     * Multiply-add FLOPs (2 per multiply-accumulate) of one denoiser forward pass for one clip of {@code frames x
     * height x width}: every matrix product, attention scores and mixing included; norms, activations and the text
     * encoder (run once per request, not per step) left out.
     */
    public long denoiserFlops(int frames, int height, int width) {
        long t = (frames + patchT - 1) / patchT;
        long s = (long) (height / patchH) * (width / patchW);
        long n = t * s;
        long d = this.width;
        long l = text.maxTokens();
        long flops = 2 * n * inputPatchValues() * d // patch embedding
                + 2 * (timestepFrequencies * d + d * d + (long) text.width() * d) // timestep and pooled text
                + 2 * l * text.width() * d; // context projection
        long selfAttention = attention == AttentionLayout.SPACETIME
                ? 2 * d * 6 * d + 2 * n * 3 * d * d + 4 * n * n * d + 2 * n * d * d // modulation, spacetime attention
                : 2 * d * 9 * d // modulation
                        + 2 * n * 3 * d * d + 4 * n * s * d + 2 * n * d * d // spatial attention
                        + 2 * n * 3 * d * d + 4 * n * t * d + 2 * n * d * d; // temporal attention
        long perBlock = selfAttention
                + 2 * n * d * d + 2 * l * d * 2 * d + 4 * n * l * d + 2 * n * d * d // cross-attention
                + 4 * n * d * mlpRatio * d; // MLP
        long refinerFlops = refiner() ? PixelRefiner.flops(this, n, t * patchT * height * width, inputChannels()) : 0;
        return flops + depth * perBlock + 2 * d * 2 * d + 2 * n * d * patchValues() + refinerFlops;
    }

    SeededInitializer.Kind gateInit() {
        return initZeroOut ? SeededInitializer.Kind.ZEROS : SeededInitializer.Kind.NORMAL;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        require(value != null && !value.isNull(), "architecture is missing '" + field + "'");
        return value;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("spacetime-dit manifest: " + message);
        }
    }
}
