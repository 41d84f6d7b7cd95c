package io.reelflow.operators.moderation.frames;

import io.reelflow.config.ModerationConfig;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.operators.moderation.ClassifierFailedException;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.frames.internal.FrameFindings;
import io.reelflow.pipeline.Frames;
import io.reelflow.schema.ModerationCheck;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ModerationVerdict;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gates 2 and 3: checks an input asset's or a generated clip's frames under a {@link ModerationPolicy}. Samples the
 * frames ({@link FrameSampling}), looks each sampled frame's perceptual hash up in the deployment's
 * {@link HashBlocklist}, scores the sampled frames with the {@link ImageClassifier} in one batch, and turns matches
 * into findings with the policy's decisions: a blocklist match scores 1, a classifier category counts from its
 * threshold. Per category the strongest frame is reported; the verdict is the worst finding's, so the worst frame
 * decides. The verdict's one {@link ModerationCheck} says what was checked and what could not be.
 *
 * <p>Not thread-safe if its classifier is not; one instance per operator subtask. Closing it closes the classifier.
 */
public final class FrameModerator implements AutoCloseable {

    /** Above this, unrelated pictures match by chance (random 64-bit hashes are 32 +- 4 bits apart). */
    static final int MAX_HASH_DISTANCE = 24;

    private final ModerationPolicy policy;
    private final FrameSampling sampling;
    private final HashBlocklist blocklist; // null: none configured
    private final int maxDistance;
    private final ImageClassifier classifier; // null: none configured

    private FrameModerator(Builder builder, HashBlocklist blocklist) {
        this.policy = builder.policy;
        this.sampling = new FrameSampling(builder.frames.sampleEvery());
        this.blocklist = blocklist;
        this.maxDistance = builder.frames.hashMaxDistance();
        this.classifier = builder.classifier;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ModerationPolicy policy() {
        return policy;
    }

    /** The blocklist in use, or null for none. */
    HashBlocklist blocklist() {
        return blocklist;
    }

    /**
     * The verdict on {@code frames} at {@code fps} (0 for an image) at {@code gate}; never throws for any content.
     *
     * @throws ClassifierFailedException if the image classifier fails: a check that could not run must not allow
     */
    public ModerationVerdict check(FrameGate gate, Frames frames, double fps) {
        int[] sampled = sampling.indexes(frames.count(), fps);
        FrameFindings findings = new FrameFindings(policy, gate.id(), sampled.length, frames.count() > 1 ? fps : 0);
        if (blocklist != null) {
            for (int i = 0; i < sampled.length; i++) {
                for (HashAlgorithm algorithm : blocklist.algorithms()) {
                    long hash = PerceptualHash.hash(algorithm, frames, sampled[i]);
                    int position = i;
                    blocklist.nearest(algorithm, hash, maxDistance)
                            .ifPresent(match -> findings.blocklisted(position, sampled[position], match));
                }
            }
        }
        String classified = classifier == null ? withoutClassifier() : classify(frames, sampled, findings);
        List<ModerationFinding> list = findings.strongestFirst();
        ModerationDecision decision = list.isEmpty() ? ModerationDecision.ALLOW : list.get(0).getDecision();
        String summary = sampling.describe(frames.count(), fps) + "; " + blocklistSummary() + "; " + classified;
        return ModerationVerdict.newBuilder()
                .setDecision(decision)
                .setPolicyVersion(policy.version())
                .setFindings(list)
                .setChecks(List.of(ModerationCheck.newBuilder().setGate(gate.id()).setSummary(summary).build()))
                .build();
    }

    /** Scores the sampled frames in one batch; returns what to say about it. */
    private String classify(Frames frames, int[] sampled, FrameFindings findings) {
        String name = classifier.description();
        List<List<CategoryScore>> scores;
        try {
            scores = classifier.classify(gather(frames, sampled));
        } catch (ClassifierFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ClassifierFailedException(name + " failed: " + e, e);
        }
        if (scores == null || scores.size() != sampled.length || scores.contains(null)) {
            throw new ClassifierFailedException(name + " returned " + (scores == null ? "nothing" : scores.size()
                    + " results") + " for " + sampled.length + " frames");
        }
        for (int i = 0; i < sampled.length; i++) {
            for (CategoryScore score : scores.get(i)) {
                findings.classified(i, sampled[i], score);
            }
        }
        return name + " on every checked frame";
    }

    private String withoutClassifier() {
        if (blocklist == null || blocklist.size() == 0) {
            return "no image classifier configured: no category was checked";
        }
        return "no image classifier configured: only the blocklist's categories were checked ("
                + blocklist.categories().stream().map(Category::id).collect(Collectors.joining(", ")) + ")";
    }

    private String blocklistSummary() {
        if (blocklist == null) {
            return "no hash blocklist configured";
        }
        String algorithms = blocklist.algorithms().stream().map(HashAlgorithm::id).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "hash blocklist of %d entr%s (%s; a match is at most %d of 64 bits away)",
                blocklist.size(), blocklist.size() == 1 ? "y" : "ies", algorithms.isEmpty() ? "empty" : algorithms,
                maxDistance);
    }

    /** The sampled frames as one batch (the clip itself when every frame is sampled). */
    private static Frames gather(Frames frames, int[] sampled) {
        if (sampled.length == frames.count()) {
            return frames;
        }
        byte[] rgb = new byte[sampled.length * frames.frameBytes()];
        for (int i = 0; i < sampled.length; i++) {
            System.arraycopy(frames.rgb(), frames.offset(sampled[i]), rgb, i * frames.frameBytes(), frames.frameBytes());
        }
        return new Frames(frames.width(), frames.height(), sampled.length, rgb);
    }

    @Override
    public void close() {
        if (classifier != null) {
            classifier.close();
        }
    }

    public static final class Builder {
        private ModerationPolicy policy;
        private ModerationConfig.FrameChecks frames;
        private ImageClassifier classifier;
        private HashBlocklist loaded;

        private Builder() {}

        public Builder policy(ModerationPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** Sampling, blocklist file and match distance: {@code moderation.frames}. */
        public Builder frames(ModerationConfig.FrameChecks frames) {
            this.frames = frames;
            return this;
        }

        /** Optional; without one the verdicts say that only the blocklist was checked. */
        public Builder classifier(ImageClassifier classifier) {
            this.classifier = classifier;
            return this;
        }

        /** The blocklist of {@code moderation.frames.hash-blocklist}, already loaded (shared by tenants' moderators). */
        Builder loadedBlocklist(HashBlocklist blocklist) {
            this.loaded = blocklist;
            return this;
        }

        /** Loads the blocklist and checks every setting; failures name the setting. */
        public FrameModerator build() {
            if (policy == null) {
                throw new IllegalStateException("a moderation policy is required");
            }
            if (frames == null) {
                throw new IllegalStateException("the frame-check settings (moderation.frames) are required");
            }
            if (frames.sampleEvery() == null) {
                throw new IllegalArgumentException("moderation.frames.sample-every is missing");
            }
            new FrameSampling(frames.sampleEvery()); // validates
            int distance = frames.hashMaxDistance();
            if (distance < 0 || distance > MAX_HASH_DISTANCE) {
                throw new IllegalArgumentException("moderation.frames.hash-max-distance is " + distance + "; it must"
                        + " be 0-" + MAX_HASH_DISTANCE + " (unrelated pictures' hashes are about 32 of 64 bits apart)");
            }
            HashBlocklist blocklist = loaded != null ? loaded : load(frames.hashBlocklist());
            if (blocklist != null) {
                Set<Category> undefined = EnumSet.noneOf(Category.class);
                blocklist.categories().stream().filter(c -> policy.category(c).isEmpty()).forEach(undefined::add);
                if (!undefined.isEmpty()) {
                    throw new IllegalArgumentException("moderation.frames.hash-blocklist " + frames.hashBlocklist()
                            + " has entries in categories that policy " + policy.version() + " does not define: "
                            + undefined.stream().map(Category::id).collect(Collectors.joining(", ")));
                }
            }
            return new FrameModerator(this, blocklist);
        }

        private static HashBlocklist load(String file) {
            if (file == null || file.isBlank()) {
                return null;
            }
            try {
                return HashBlocklist.load(Path.of(file));
            } catch (IllegalArgumentException e) { // InvalidPathException too
                throw new IllegalArgumentException("moderation.frames.hash-blocklist: " + e.getMessage(), e);
            }
        }
    }
}
