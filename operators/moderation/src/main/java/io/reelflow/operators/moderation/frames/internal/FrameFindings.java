package io.reelflow.operators.moderation.frames.internal;

import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.CategoryPolicy;
import io.reelflow.operators.moderation.CategoryScore;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.frames.HashBlocklist;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationFinding;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one check found, per category: the strongest frame (highest score; a blocklist match before a classifier score
 * of the same value, then the nearer match, then the earlier frame) and how many checked frames matched at all.
 */
public final class FrameFindings {

    /** Evidence items a classifier may add per finding: enough to explain, no more. */
    private static final int MAX_EVIDENCE = 6;

    /** Strictest decision first (ALLOW, REVIEW, BLOCK in the enum), then highest score, then category order. */
    private static final Comparator<Strongest> STRONGEST_FIRST = Comparator
            .comparing((Strongest s) -> s.decision().ordinal()).reversed()
            .thenComparing(Comparator.comparingDouble(Strongest::score).reversed())
            .thenComparing(s -> s.category().ordinal());

    private record Strongest(Category category, CategoryPolicy rules, double score, boolean blocklist, int distance,
            int frame, String evidence) {

        ModerationDecision decision() {
            return rules.decide(score);
        }

        boolean beats(Strongest other) {
            if (score != other.score) {
                return score > other.score;
            }
            if (blocklist != other.blocklist) {
                return blocklist;
            }
            return distance < other.distance; // same frame order otherwise: the earlier one stays
        }
    }

    private final ModerationPolicy policy;
    private final String field;
    private final int checkedFrames;
    private final double fps;
    private final Map<Category, Strongest> strongest = new EnumMap<>(Category.class);
    private final Map<Category, BitSet> matchedFrames = new EnumMap<>(Category.class);

    /**
     * @param field the gate, as findings name it
     * @param checkedFrames how many frames the check samples
     * @param fps the clip's rate, to say when a frame is shown; 0 for an image
     */
    public FrameFindings(ModerationPolicy policy, String field, int checkedFrames, double fps) {
        this.policy = policy;
        this.field = field;
        this.checkedFrames = checkedFrames;
        this.fps = fps > 0 && Double.isFinite(fps) ? fps : 0;
    }

    /** Checked frame number {@code position}, frame {@code frame} of the clip, is near a blocklisted image. */
    public void blocklisted(int position, int frame, HashBlocklist.Match match) {
        Category category = match.entry().category();
        String evidence = String.format(Locale.ROOT, "%s: blocklist '%s', distance %d/64", where(frame),
                match.entry().label(), match.distance());
        offer(position, new Strongest(category, policy.category(category).orElseThrow(), 1.0, true, match.distance(),
                frame, evidence));
    }

    /** A classifier's score for checked frame {@code position}; counts only from the category's threshold. */
    public void classified(int position, int frame, CategoryScore score) {
        CategoryPolicy rules = policy.category(score.category()).orElse(null);
        double rounded = Math.round(score.score() * 1000) / 1000.0;
        if (rules == null || rounded == 0 || rounded < rules.threshold()) {
            return;
        }
        List<String> labels = score.evidence();
        String evidence = String.format(Locale.ROOT, "%s: classifier %.3f", where(frame), rounded)
                + (labels.isEmpty() ? "" : " (" + String.join(", ", labels.subList(0, Math.min(labels.size(),
                        MAX_EVIDENCE))) + ")");
        offer(position, new Strongest(score.category(), rules, rounded, false, 0, frame, evidence));
    }

    private void offer(int position, Strongest candidate) {
        matchedFrames.computeIfAbsent(candidate.category(), c -> new BitSet()).set(position);
        strongest.merge(candidate.category(), candidate, (old, now) -> now.beats(old) ? now : old);
    }

    /** One finding per category that matched, strictest first. */
    public List<ModerationFinding> strongestFirst() {
        List<Strongest> sorted = new ArrayList<>(strongest.values());
        sorted.sort(STRONGEST_FIRST);
        List<ModerationFinding> findings = new ArrayList<>();
        for (Strongest s : sorted) {
            int matched = matchedFrames.get(s.category()).cardinality();
            String evidence = matched == 1 ? s.evidence()
                    : s.evidence() + "; " + matched + " of " + checkedFrames + " checked frames matched";
            findings.add(ModerationFinding.newBuilder()
                    .setCategory(s.category().id())
                    .setScore(s.score())
                    .setDecision(s.decision())
                    .setField(field)
                    .setEvidence(evidence)
                    .build());
        }
        return findings;
    }

    private String where(int frame) {
        return fps == 0 ? "frame " + frame : String.format(Locale.ROOT, "frame %d at %.2f s", frame, frame / fps);
    }
}
