package io.reelflow.bench.watermark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Markdown tables of finished trials: per attack and size for marked content, and the false-positive count. */
final class Report {

    private Report() {}

    /**
     * One row per attack: per size, the payload's bit accuracy (mean / min), detections k/N and the median
     * false-positive probability; over both sizes, detections with a one-sided 95 % lower bound on the rate, and the
     * raw code-bit errors before error correction (mean / max of 172; the detector accepts at most 16).
     */
    static String marked(List<Trial> trials, List<String> attacks, Map<String, String> labels, List<String> sizes) {
        StringBuilder out = new StringBuilder("| attack |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String size : sizes) {
            out.append(" ").append(size).append(" bit accuracy mean / min | detected | median FPP |");
            rule.append("---|---|---|");
        }
        out.append(" all: detected (95 % lower bound) | code-bit errors mean / max |\n");
        out.append(rule).append("---|---|\n");
        for (String attack : attacks) {
            List<Trial> ofAttack = trials.stream().filter(t -> t.attack().equals(attack)).toList();
            if (ofAttack.isEmpty()) {
                continue;
            }
            out.append("| ").append(labels.get(attack)).append(" |");
            for (String size : sizes) {
                List<Trial> cell = ofAttack.stream().filter(t -> t.size().equals(size)).toList();
                out.append(cell.isEmpty() ? " | | |" : String.format(Locale.ROOT, " %.3f / %.3f | %s | %.1e |",
                        cell.stream().mapToDouble(Trial::bitAccuracy).average().orElseThrow(),
                        cell.stream().mapToDouble(Trial::bitAccuracy).min().orElseThrow(),
                        detections(cell), median(cell.stream().mapToDouble(Trial::falsePositiveProbability).toArray())));
            }
            int found = count(ofAttack, Trial::found);
            out.append(String.format(Locale.ROOT, " %d of %d (%.1f %%) | %.1f / %d |%n", found, ofAttack.size(),
                    100 * lowerBound(found, ofAttack.size()),
                    ofAttack.stream().mapToInt(Trial::codeBitErrors).average().orElseThrow(),
                    ofAttack.stream().mapToInt(Trial::codeBitErrors).max().orElseThrow()));
        }
        return out.toString();
    }

    /** Every marked read that was not found, grouped by attack: which content failed, and how close it came. */
    static String failures(List<Trial> trials, Map<String, String> labels) {
        List<Trial> failed = trials.stream().filter(t -> !t.found()).toList();
        if (failed.isEmpty()) {
            return "no failures\n";
        }
        StringBuilder out = new StringBuilder();
        for (String attack : labels.keySet()) { // in the attacks' order
            List<String> parts = new ArrayList<>();
            for (Trial t : failed.stream().filter(t -> t.attack().equals(attack)).toList()) {
                parts.add(String.format(Locale.ROOT, "%s (%s %s, strength %.0f): %d/172 code bits, %d/64 id bits "
                        + "wrong%s, %.0f %% of fine cells all white or all black", t.item(), t.content(), t.size(),
                        t.strength(), t.codeBitErrors(), t.payloadBitErrors(), t.detected() ? ", reported another id"
                        : "", 100 * t.clippedShare()));
            }
            if (!parts.isEmpty()) {
                out.append("- ").append(labels.get(attack)).append(": ").append(String.join("; ", parts)).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Detections among unmarked items at the default threshold, per kind of content, image or video, and long side
     * (both orientations together), and the smallest bound seen.
     */
    static String unmarked(List<Trial> trials) {
        StringBuilder out = new StringBuilder("| unmarked items | count | detected | payload CRC held | smallest FPP |\n"
                + "|---|---|---|---|---|\n");
        Map<String, List<Trial>> byKind = trials.stream().collect(Collectors.groupingBy(
                t -> t.content() + (t.frames() > 1 ? " 1 s videos" : " images") + ", long side " + longSide(t.size()),
                TreeMap::new, Collectors.toList()));
        byKind.forEach((kind, list) -> out.append(unmarkedRow(kind, list)));
        out.append(unmarkedRow("**all**", trials));
        return out.toString();
    }

    private static int longSide(String size) {
        return Arrays.stream(size.split("x")).mapToInt(Integer::parseInt).max().orElseThrow();
    }

    private static String unmarkedRow(String kind, List<Trial> list) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1e |%n", kind, list.size(),
                count(list, Trial::detected), count(list, Trial::crcHolds),
                list.stream().mapToDouble(Trial::falsePositiveProbability).min().orElse(1));
    }

    /** Items whose content needed more than the configured strength, highest first. */
    static String escalated(List<Trial> trials) {
        return trials.stream().filter(t -> t.strength() > 1)
                .sorted(Comparator.comparingDouble(Trial::strength).reversed())
                .map(t -> String.format(Locale.ROOT, "%s %.0f", t.item(), t.strength()))
                .distinct().collect(Collectors.joining(", "));
    }

    private static String detections(List<Trial> cell) {
        return count(cell, Trial::found) + " of " + cell.size();
    }

    private static int count(List<Trial> trials, Predicate<Trial> test) {
        return (int) trials.stream().filter(test).count();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2]; // the lower middle of an even count
    }

    /**
     * One-sided 95 % Clopper-Pearson lower bound on a rate seen {@code k} times in {@code n}: the p at which k or
     * more successes have probability 0.05. With k = n it is 0.05^(1/n): 0 failures in 30 only shows >= 90.5 %.
     */
    static double lowerBound(int k, int n) {
        if (k == 0) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 60; i++) {
            double p = (lo + hi) / 2;
            if (atLeast(k, n, p) < 0.05) {
                lo = p;
            } else {
                hi = p;
            }
        }
        return lo;
    }

    /** P(X >= k) for X ~ Binomial(n, p), summed in logs. */
    private static double atLeast(int k, int n, double p) {
        double sum = 0;
        for (int i = k; i <= n; i++) {
            double log = logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p);
            sum += Math.exp(log);
        }
        return sum;
    }

    private static double logChoose(int n, int k) {
        double log = 0;
        for (int i = 1; i <= k; i++) {
            log += Math.log(n - k + i) - Math.log(i);
        }
        return log;
    }
}
