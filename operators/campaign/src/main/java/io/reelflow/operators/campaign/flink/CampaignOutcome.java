package io.reelflow.operators.campaign.flink;

import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ReviewTask;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.SingleObjectCodec;

/**
 * A request's outcome on its way to the campaign summary: its result, or its review task if it is held. Carried as
 * single-object encoded bytes, so one stream of a plain type holds both records.
 *
 * @param held true: {@code encoded} is a ReviewTask; false: a GenerationResult
 */
public record CampaignOutcome(byte[] encoded, boolean held) {

    public static CampaignOutcome of(GenerationResult result) {
        return new CampaignOutcome(SingleObjectCodec.of(GenerationResult.class).encode(result), false);
    }

    public static CampaignOutcome of(ReviewTask task) {
        return new CampaignOutcome(SingleObjectCodec.of(ReviewTask.class).encode(task), true);
    }

    GenerationResult result() throws CodecException {
        return SingleObjectCodec.of(GenerationResult.class).decode(encoded);
    }

    ReviewTask task() throws CodecException {
        return SingleObjectCodec.of(ReviewTask.class).decode(encoded);
    }
}
