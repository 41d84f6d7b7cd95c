package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ModerationConfig;
import io.reelflow.config.TenantsConfig;
import io.reelflow.operators.moderation.ClassifierFailedException;
import io.reelflow.operators.moderation.PromptModerator;
import io.reelflow.operators.moderation.TenantModerators;
import io.reelflow.operators.moderation.TenantPolicies;
import io.reelflow.operators.moderation.djl.DjlPromptClassifier;
import io.reelflow.operators.moderation.djl.LearnedClassifiers;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.EventType;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ModerationVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gate 1, prompt moderation, under each tenant's effective policy (the deployment's, with the tenant's overlay if it
 * has one): allowed traces go on with their verdict and a MODERATED event, and so do traces sent to review (their
 * outputs will be quarantined for a reviewer); blocked ones end here as a REJECTED result and event, before any GPU
 * time is spent. Every verdict also goes to the moderation audit.
 */
public final class ModerateFunction extends ProcessFunction<Trace, Trace> {

    private static final long serialVersionUID = 1L;

    private final ModerationConfig moderation;
    private final TenantsConfig tenants;
    private transient TenantModerators moderators;
    private transient DjlPromptClassifier learned; // null: none configured
    private transient GateVerdicts verdicts;

    public ModerateFunction(ModerationConfig moderation, TenantsConfig tenants) {
        this.moderation = Objects.requireNonNull(moderation, "moderation");
        // Only the overlays: this function is serialized into the job graph, and tenants' secrets need not go with it.
        this.tenants = new TenantsConfig(tenants.known().stream()
                .map(t -> new TenantsConfig.Tenant(t.id(), List.of(), null, null, t.moderationPolicy()))
                .toList());
    }

    @Override
    public void open(OpenContext context) {
        // Loading here makes a bad policy or overlay fail the job at start-up, not at the first request.
        TenantPolicies policies = TenantPolicies.load(moderation, tenants);
        learned = LearnedClassifiers.text(moderation, policies.deployment()).orElse(null);
        moderators = TenantModerators.of(policies, learned == null ? List.of() : List.of(learned));
        verdicts = new GateVerdicts(ModerationGate.PROMPT, PromptModerator.GATE, Stages.MODERATE,
                getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Trace trace, Context context, Collector<Trace> out) {
        verdicts.metrics().received();
        long started = System.nanoTime();
        PromptModerator moderator = moderators.forTenant(trace.tenantId());
        ModerationVerdict verdict;
        try {
            verdict = moderator.moderate(trace.request());
        } catch (ClassifierFailedException e) {
            verdicts.couldNotCheck(context, trace, moderator.policy().version(), e, "prompt", millisSince(started));
            return;
        }
        long millis = millisSince(started);
        verdicts.decide(context, trace, verdict, "prompt", millis).ifPresent(moderated -> {
            String note = moderated.heldForReview() ? "sent to review: outputs will be held for a reviewer" : null;
            context.output(PipelineOutputs.EVENTS,
                    Outcomes.event(moderated, EventType.MODERATED, millis, note, Instant.now()));
            out.collect(moderated);
        });
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public void close() throws Exception {
        if (learned != null) {
            learned.close();
        }
    }
}
