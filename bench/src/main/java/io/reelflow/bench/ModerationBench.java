package io.reelflow.bench;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.PromptModerator;
import io.reelflow.schema.ModerationDecision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prompt moderation throughput on one thread: {@code bench/run moderation [--corpus DIR] [--rounds N]}. Moderates
 * the prompts (and negative prompts) of the red-team and benign corpora with the built-in policy, over and over, for
 * about two seconds a round; prints the median of the rounds after two seconds of warm-up. The corpus prompts are
 * short (33 characters on average), so a second case joins every six of them into one prompt of about 200, the length
 * of a detailed marketing prompt.
 */
public final class ModerationBench {

    private static final long ROUND_NANOS = 2_000_000_000L;
    private static final int JOINED = 6;

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of("operators/moderation/src/test/resources/moderation/corpus");
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--corpus" -> corpus = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String[]> prompts = new ArrayList<>();
        for (String file : List.of("red-team.tsv", "benign.tsv")) {
            prompts.addAll(read(corpus.resolve(file)));
        }
        PromptModerator moderator = PromptModerator.load(ReelflowConfig.defaults().moderation());
        System.out.printf("machine: %d cores, Java %s, %s; %d prompts, policy %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Instant.now(),
                prompts.size(), moderator.policy().version());
        List<String[]> joined = new ArrayList<>();
        for (int i = 0; i + JOINED <= prompts.size(); i += JOINED) {
            String[] prompt = {"", ""};
            for (String[] part : prompts.subList(i, i + JOINED)) {
                prompt[0] += (prompt[0].isEmpty() ? "" : ", ") + part[0];
                prompt[1] += part[1].isEmpty() ? "" : (prompt[1].isEmpty() ? "" : ", ") + part[1];
            }
            joined.add(prompt);
        }
        run("corpus", prompts, moderator, rounds);
        run("joined", joined, moderator, rounds);
    }

    private static void run(String name, List<String[]> prompts, PromptModerator moderator, int rounds) {
        double[] perSecond = new double[rounds];
        long refused = 0;
        for (int round = -1; round < rounds; round++) { // round -1 warms up
            long moderated = 0;
            refused = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                for (String[] prompt : prompts) {
                    if (moderator.moderate(prompt[0], prompt[1]).getDecision() != ModerationDecision.ALLOW) {
                        refused++;
                    }
                }
                moderated += prompts.size();
                elapsed = System.nanoTime() - start;
            } while (elapsed < ROUND_NANOS);
            if (round >= 0) {
                perSecond[round] = moderated * 1e9 / elapsed;
            }
            refused = refused * prompts.size() / moderated;
        }
        double[] sorted = perSecond.clone();
        Arrays.sort(sorted);
        double chars = prompts.stream().mapToInt(p -> p[0].length() + p[1].length()).average().orElse(0);
        System.out.printf(Locale.ROOT, "%s: prompts_per_s=%.0f min=%.0f max=%.0f us_per_prompt=%.1f"
                + " chars_per_prompt=%.0f refused_per_pass=%d%n", name, sorted[rounds / 2], sorted[0], sorted[rounds - 1],
                1e6 / sorted[rounds / 2], chars, refused);
    }

    /** The prompt and negative prompt columns of a corpus file. */
    private static List<String[]> read(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        boolean header = true;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] cells = line.split("\t", -1);
            out.add(new String[] {cells[4], cells[5]});
        }
        return out;
    }
}
