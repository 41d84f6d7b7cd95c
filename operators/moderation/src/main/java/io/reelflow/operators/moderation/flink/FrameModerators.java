package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ModerationConfig;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.djl.LearnedClassifiers;
import io.reelflow.operators.moderation.frames.FrameModerator;

/** The frame checks of gates 2 and 3 as configured: the deployment's policy, blocklist and image classifier. */
final class FrameModerators {

    private FrameModerators() {}

    /** Loads everything now, so a bad blocklist or model fails the operator's open(), not its first request. */
    static FrameModerator load(ModerationConfig moderation) {
        ModerationPolicy policy = ModerationPolicy.load(moderation.policy());
        return FrameModerator.builder()
                .policy(policy)
                .frames(moderation.frames())
                .classifier(LearnedClassifiers.image(moderation, policy).orElse(null))
                .build();
    }
}
