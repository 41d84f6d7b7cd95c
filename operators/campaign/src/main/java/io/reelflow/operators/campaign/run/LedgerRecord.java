package io.reelflow.operators.campaign.run;

import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Stages;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.time.Instant;
import java.util.Optional;

/**
 * What became of one campaign output, as its ledger object holds it: a result, or a review task if the output is held.
 * Stored as the record's Avro single-object encoding, so a reader tells the two apart by the schema fingerprint.
 */
public sealed interface LedgerRecord {

    /** The result, or for a held output the result its approval would publish. */
    GenerationResult result();

    /** Whether the output exists and must not be produced again: stored, or stored and held for review. */
    boolean done();

    /**
     * Whether a run leaves the output alone: it exists ({@link #done()}), or moderation or a reviewer refused it, which
     * the same request would be again (its prompt, seed and model are the output's fingerprint). Other failures and
     * refusals are retried.
     */
    default boolean settled() {
        String code = result().getErrorCode();
        return done() || ErrorCode.MODERATION_BLOCKED.name().equals(code) || ErrorCode.REVIEW_REJECTED.name().equals(code);
    }

    /** The manifest's status: a result status, or {@link CampaignLedger#HELD}. */
    String status();

    byte[] encode();

    default String requestId() {
        return result().getRequestId();
    }

    /** When the output ended (the result's completion time). */
    default Instant completedAt() {
        return result().getCompletedAt();
    }

    /** Device seconds it used; 0 if it never sampled. */
    default double deviceSeconds() {
        Double seconds = deviceSeconds(result());
        return seconds == null ? 0 : seconds;
    }

    /**
     * A result's device seconds: its share of the device ({@link Stages#DEVICE}), or for a result without one (an
     * older version's) its sampling time, which overstates it when it was batched; null if it never sampled.
     */
    static Double deviceSeconds(GenerationResult result) {
        Long millis = result.getTimingsMs().getOrDefault(Stages.DEVICE, result.getTimingsMs().get(Stages.SAMPLE));
        return millis == null ? null : millis / 1000.0;
    }

    record Finished(GenerationResult result) implements LedgerRecord {
        @Override
        public boolean done() {
            return result.getStatus() == ResultStatus.SUCCEEDED;
        }

        @Override
        public String status() {
            return result.getStatus().name();
        }

        @Override
        public byte[] encode() {
            return SingleObjectCodec.of(GenerationResult.class).encode(result);
        }
    }

    record Held(ReviewTask task) implements LedgerRecord {
        @Override
        public GenerationResult result() {
            return task.getResult();
        }

        @Override
        public boolean done() {
            return true;
        }

        @Override
        public String status() {
            return CampaignLedger.HELD;
        }

        @Override
        public Instant completedAt() {
            return task.getHeldAt();
        }

        @Override
        public byte[] encode() {
            return SingleObjectCodec.of(ReviewTask.class).encode(task);
        }
    }

    /** The record in {@code bytes}; empty if they are neither a result nor a review task (a damaged object). */
    static Optional<LedgerRecord> decode(byte[] bytes) {
        try {
            return Optional.of(new Finished(SingleObjectCodec.of(GenerationResult.class).decode(bytes)));
        } catch (CodecException | RuntimeException notAResult) {
            try {
                return Optional.of(new Held(SingleObjectCodec.of(ReviewTask.class).decode(bytes)));
            } catch (CodecException | RuntimeException neither) {
                return Optional.empty();
            }
        }
    }
}
