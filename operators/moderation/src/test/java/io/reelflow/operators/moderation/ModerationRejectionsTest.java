package io.reelflow.operators.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Rejection;
import org.junit.jupiter.api.Test;

class ModerationRejectionsTest {

    private static final PromptModerator MODERATOR = PromptModerator.load(ReelflowConfig.defaults().moderation());

    @Test
    void anAllowedVerdictRejectsNothing() {
        assertThat(ModerationRejections.of(MODERATOR.moderate("mickey mouse at a birthday party", null))).isEmpty();
    }

    @Test
    void aBlockNamesTheCategoryAndEvidence() {
        Rejection why = ModerationRejections.of(
                MODERATOR.moderate("a graphic beheading with blood spraying everywhere", null)).orElseThrow();

        assertThat(why.code()).isEqualTo(ErrorCode.MODERATION_BLOCKED);
        assertThat(why.message()).isEqualTo("violence_graphic: beheading, blood spraying");
    }

    @Test
    void aBlockInTheNegativePromptSaysSo() {
        Rejection why = ModerationRejections.of(MODERATOR.moderate("a portrait", "heil hitler")).orElseThrow();

        assertThat(why.message()).isEqualTo("hate (negative_prompt): heil hitler");
    }

    @Test
    void aReviewEndsNothingItsOutputsAreHeldInstead() {
        assertThat(ModerationRejections.of(MODERATOR.moderate("a deepfake of joe biden giving a speech", null)))
                .isEmpty();
    }
}
