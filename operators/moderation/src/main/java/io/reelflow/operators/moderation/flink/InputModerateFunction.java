package io.reelflow.operators.moderation.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.moderation.ClassifierFailedException;
import io.reelflow.operators.moderation.ModerationVerdicts;
import io.reelflow.operators.moderation.frames.FrameGate;
import io.reelflow.operators.moderation.frames.FrameModerator;
import io.reelflow.operators.moderation.frames.TenantFrameModerators;
import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ModerationVerdict;
import io.reelflow.schema.ResultStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gate 2, input assets (image to video, extend, connect, edit), before generation: each asset is read and checked with
 * the same frame checks as outputs. A blocked asset ends the request REJECTED before any GPU time; an asset sent to
 * review holds the request's outputs for a reviewer. Which buckets a tenant may read was checked when the request was
 * decoded. Requests without input assets pass untouched (the gate did not run, so nothing is audited).
 *
 * <p>Reads are blocking: this operator waits on the object store for requests with inputs, which are a minority and
 * small next to their generation time.
 */
public final class InputModerateFunction extends ProcessFunction<Trace, Trace> {

    private static final long serialVersionUID = 1L;

    private final ReelflowConfig config;
    private final AssetReader.Factory assets;
    private transient TenantFrameModerators moderators;
    private transient AssetReader reader;
    private transient GateVerdicts verdicts;

    public InputModerateFunction(ReelflowConfig config, AssetReader.Factory assets) {
        this.config = Objects.requireNonNull(config, "config");
        this.assets = Objects.requireNonNull(assets, "assets");
    }

    @Override
    public void open(OpenContext context) throws Exception {
        moderators = FrameModerators.load(config);
        reader = assets.create(config);
        verdicts = new GateVerdicts(ModerationGate.INPUT, FrameGate.INPUT.id(), Stages.MODERATE_INPUT,
                getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Trace trace, Context context, Collector<Trace> out) {
        List<InputAsset> inputs = trace.request().getInputAssets();
        if (inputs == null || inputs.isEmpty()) {
            out.collect(trace);
            return;
        }
        verdicts.metrics().received();
        long started = System.nanoTime();
        FrameModerator moderator = moderators.forTenant(trace.tenantId());
        ModerationVerdict verdict = null;
        List<String> uris = new ArrayList<>();
        Map<String, String> checkedSha256 = new LinkedHashMap<>();
        for (InputAsset input : inputs) {
            AssetReader.Asset asset;
            try {
                asset = reader.read(input.getUri());
            } catch (AssetReader.Unusable e) {
                end(context, trace, ResultStatus.REJECTED, Rejection.of(e.code(), e.getMessage()), started);
                return;
            } catch (IOException e) {
                end(context, trace, ResultStatus.FAILED, Rejection.of(ErrorCode.STORE_FAILED,
                        "could not read input " + input.getUri() + " to check it: " + e.getMessage()), started);
                return;
            }
            try {
                verdict = ModerationVerdicts.merge(verdict,
                        moderator.check(FrameGate.INPUT, asset.frames(), asset.fps()));
            } catch (ClassifierFailedException e) {
                verdicts.couldNotCheck(context, trace, moderator.policy().version(), e, input.getUri(),
                        millisSince(started));
                return;
            }
            uris.add(input.getUri());
            if (asset.sha256() != null) {
                checkedSha256.put(input.getUri(), asset.sha256());
            }
        }
        verdicts.decide(context, trace, verdict, String.join(", ", uris), millisSince(started))
                .ifPresent(checked -> out.collect(checked.withCheckedInputs(checkedSha256)));
    }

    private void end(Context context, Trace trace, ResultStatus status, Rejection why, long started) {
        long millis = millisSince(started);
        PipelineOutputs.end(context, verdicts.metrics(), trace.timed(Stages.MODERATE_INPUT, millis), status, why,
                millis);
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (moderators != null) {
            moderators.close();
        }
    }
}
