package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.review.ReviewDesk;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationFinding;
import io.reelflow.schema.ReviewTask;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists requests held for review and approves or rejects them. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"Human review of requests a moderation gate held: their outputs wait in the quarantine bucket"
                + " and their result is published when a reviewer decides. Every decision is audited on the"
                + " moderation topic."},
        subcommands = {ReviewCommand.ListPending.class, ReviewCommand.Approve.class, ReviewCommand.Reject.class})
final class ReviewCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Pending reviews, oldest first.")
    static final class ListPending implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            ReelflowConfig cfg = config.load();
            List<ReviewTask> pending;
            java.util.Set<String> canceled;
            try (AssetStore store = AssetStore.builder().storage(cfg.storage()).build()) {
                ReviewDesk desk = new ReviewDesk(cfg.kafka(), store, Clock.systemUTC());
                pending = desk.pending();
                canceled = desk.canceledRequests();
            }
            for (ReviewTask task : pending) {
                boolean wasCanceled = canceled.contains(ReviewDesk.key(task.getTenantId(), task.getRequestId()));
                System.out.printf("%s/%s  held %s  %s%s%n", task.getTenantId(), task.getRequestId(), task.getHeldAt(),
                        wasCanceled ? "[canceled by the client: any decision ends it CANCELED]  " : "", reasons(task));
                System.out.printf("    prompt: %s%n", Printable.oneLine(task.getPrompt(), 200));
                task.getQuarantined().forEach(uri -> System.out.printf("    %s%n", uri));
            }
            System.out.printf("%d pending%n", pending.size());
            return 0;
        }

        private static String reasons(ReviewTask task) {
            return String.join("; ", task.getVerdict().getFindings().stream()
                    .map(ListPending::reason)
                    .toList());
        }

        private static String reason(ModerationFinding f) {
            return f.getDecision() + " " + f.getCategory() + " (" + f.getField() + ", " + f.getScore() + "): "
                    + Printable.oneLine(f.getEvidence(), 120);
        }
    }

    /** What approving and rejecting share. */
    abstract static class Decision implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--tenant", defaultValue = "demo", description = "The request's tenant (default ${DEFAULT-VALUE}).")
        String tenant;

        @Option(names = "--request-id", required = true, description = "The request's id.")
        String requestId;

        @Option(names = "--reviewer", defaultValue = "${env:USER}",
                description = "Who decides, for the audit (default: $USER).")
        String reviewer;

        @Option(names = "--note", description = "Why, for the audit and the result.")
        String note;

        abstract GenerationResult decide(ReviewDesk desk) throws Exception;

        @Override
        public Integer call() throws Exception {
            ReelflowConfig cfg = config.load();
            try (AssetStore store = AssetStore.builder().storage(cfg.storage()).build()) {
                GenerationResult result = decide(new ReviewDesk(cfg.kafka(), store, Clock.systemUTC()));
                System.out.printf("%s/%s: %s%s%n", tenant, requestId, result.getStatus(),
                        result.getAssets().isEmpty() ? "" : " " + result.getAssets().get(0).getUri());
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Move the request's outputs to the output bucket and complete it SUCCEEDED.")
    static final class Approve extends Decision {
        @Override
        GenerationResult decide(ReviewDesk desk) throws Exception {
            return desk.approve(tenant, requestId, reviewer, note);
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Delete the request's quarantined outputs and complete it REJECTED (REVIEW_REJECTED).")
    static final class Reject extends Decision {
        @Override
        GenerationResult decide(ReviewDesk desk) throws Exception {
            return desk.reject(tenant, requestId, reviewer, note);
        }
    }
}
