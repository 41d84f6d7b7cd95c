package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ModerationConfig;
import io.reelflow.config.TenantsConfig;
import io.reelflow.operators.moderation.ClassifierFailedException;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.ModerationRejections;
import io.reelflow.operators.moderation.ModerationVerdicts;
import io.reelflow.operators.moderation.PromptModerator;
import io.reelflow.operators.moderation.TenantModerators;
import io.reelflow.operators.moderation.djl.DjlPromptClassifier;
import io.reelflow.operators.moderation.djl.LearnedClassifiers;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.pipeline.flink.StageMetrics;
import io.reelflow.schema.EventType;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.ResultStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
    private transient StageMetrics metrics;
    private transient ModerationMetrics decisions;

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
        learned = LearnedClassifiers.text(moderation, ModerationPolicy.load(moderation.policy())).orElse(null);
        moderators = TenantModerators.load(moderation, tenants, learned == null ? List.of() : List.of(learned));
        metrics = new StageMetrics(getRuntimeContext().getMetricGroup(), Stages.MODERATE);
        decisions = new ModerationMetrics(metrics);
    }

    @Override
    public void processElement(Trace trace, Context context, Collector<Trace> out) {
        metrics.received();
        long started = System.nanoTime();
        ModerationVerdict verdict;
        try {
            verdict = moderators.forTenant(trace.request().getTenantId()).moderate(trace.request());
        } catch (ClassifierFailedException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            ModerationVerdict failed = ModerationVerdicts.couldNotCheck(PromptModerator.GATE,
                    moderators.forTenant(trace.tenantId()).policy().version(), e.getMessage());
            Trace ended = trace.withModeration(failed).timed(Stages.MODERATE, millis);
            context.output(PipelineOutputs.AUDITS,
                    Outcomes.audit(ended, ModerationGate.PROMPT, failed, "prompt", Instant.now()));
            PipelineOutputs.end(context, metrics, ended, ResultStatus.FAILED,
                    Rejection.of(ErrorCode.MODERATION_FAILED, e.getMessage()), millis);
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Trace moderated = trace.withModeration(verdict).timed(Stages.MODERATE, millis);
        Instant now = Instant.now();
        decisions.record(verdict);
        context.output(PipelineOutputs.AUDITS, Outcomes.audit(moderated, ModerationGate.PROMPT, verdict, "prompt", now));
        Optional<Rejection> rejection = ModerationRejections.of(verdict);
        if (rejection.isEmpty()) {
            metrics.passed(millis);
            String note = moderated.heldForReview() ? "sent to review: outputs will be held for a reviewer" : null;
            context.output(PipelineOutputs.EVENTS, Outcomes.event(moderated, EventType.MODERATED, millis, note, now));
            out.collect(moderated);
            return;
        }
        Rejection why = rejection.get();
        PipelineOutputs.end(context, metrics, moderated, ResultStatus.REJECTED, why, millis);
    }

    @Override
    public void close() throws Exception {
        if (learned != null) {
            learned.close();
        }
    }
}
