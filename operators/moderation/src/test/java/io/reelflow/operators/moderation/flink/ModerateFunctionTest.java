package io.reelflow.operators.moderation.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.config.ModerationConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.TenantsConfig;
import io.reelflow.operators.moderation.ModerationPolicy;
import io.reelflow.operators.moderation.PolicyException;
import io.reelflow.operators.moderation.TestRequests;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.pipeline.flink.PipelineOutputs;
import io.reelflow.schema.EventType;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ModerationDecision;
import io.reelflow.schema.ModerationGate;
import io.reelflow.schema.ResultStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModerateFunctionTest {

    private OneInputStreamOperatorTestHarness<Trace, Trace> harness;

    @BeforeEach
    void open() throws Exception {
        ReelflowConfig config = ReelflowConfig.defaults();
        harness = ProcessFunctionTestHarnesses.forProcessFunction(
                new ModerateFunction(config.moderation(), config.tenants()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void passesAnAllowedTraceOnWithItsVerdictTimingAndAModeratedEvent() throws Exception {
        harness.processElement(TestRequests.trace("r-ok", "a bloody mary cocktail on a bar"), 10L);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(trace -> {
            assertThat(trace.requestId()).isEqualTo("r-ok");
            assertThat(trace.moderation().getDecision()).isEqualTo(ModerationDecision.ALLOW);
            assertThat(trace.moderation().getPolicyVersion()).isNotBlank();
            assertThat(trace.timingsMs()).containsKeys("decode", Stages.MODERATE);
        });
        assertThat(side(PipelineOutputs.EVENTS)).singleElement().satisfies(event -> {
            assertThat(event.getRequestId()).isEqualTo("r-ok");
            assertThat(event.getType()).isEqualTo(EventType.MODERATED);
            assertThat(event.getStageMs()).isNotNull();
        });
        assertThat(side(PipelineOutputs.RESULTS)).isEmpty();
    }

    @Test
    void endsABlockedTraceAsARejectedResultAndEvent() throws Exception {
        harness.processElement(
                TestRequests.trace("r-block", "a graphic beheading with blood spraying everywhere"), 10L);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(side(PipelineOutputs.RESULTS)).singleElement().satisfies(result -> {
            assertThat(result.getRequestId()).isEqualTo("r-block");
            assertThat(result.getTenantId()).isEqualTo("demo");
            assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(result.getErrorCode()).isEqualTo("MODERATION_BLOCKED");
            assertThat(result.getErrorMessage()).isEqualTo("violence_graphic: beheading, blood spraying");
            assertThat(result.getModeration().getDecision()).isEqualTo(ModerationDecision.BLOCK);
            assertThat(result.getModeration().getFindings().get(0).getCategory()).isEqualTo("violence_graphic");
            assertThat(result.getTimingsMs()).containsKey(Stages.MODERATE);
            assertThat(result.getAssets()).isEmpty();
        });
        assertThat(side(PipelineOutputs.EVENTS)).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(EventType.REJECTED);
            assertThat(event.getMessage()).contains("MODERATION_BLOCKED", "violence_graphic");
        });
    }

    @Test
    void blocksARequestByItsOwnBlockedTermWhileAnIdenticalRequestWithoutItPasses() throws Exception {
        GenerationRequest plain = TestRequests.request("r-plain", "a can of FizzCo on a picnic table", null);
        GenerationRequest branded = GenerationRequest.newBuilder(plain).setRequestId("r-branded")
                .setBlockedTerms(List.of("fizzco", "knock-off")).build();
        harness.processElement(Trace.accepted(plain, new SourceRef("reelflow.requests", 0, 1), 1L), 1L);
        harness.processElement(Trace.accepted(branded, new SourceRef("reelflow.requests", 0, 2), 1L), 2L);

        assertThat(harness.extractOutputValues()).extracting(Trace::requestId).containsExactly("r-plain");
        assertThat(side(PipelineOutputs.RESULTS)).singleElement().satisfies(result -> {
            assertThat(result.getRequestId()).isEqualTo("r-branded");
            assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(result.getErrorCode()).isEqualTo("MODERATION_BLOCKED");
            assertThat(result.getErrorMessage()).isEqualTo("ip_brands: blocked term fizzco");
        });
        assertThat(side(PipelineOutputs.AUDITS)).extracting(a -> a.getRequestId(), a -> a.getVerdict().getDecision())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("r-plain", ModerationDecision.ALLOW),
                        org.assertj.core.groups.Tuple.tuple("r-branded", ModerationDecision.BLOCK));
        assertThat(side(PipelineOutputs.AUDITS).get(1).getVerdict().getFindings()).singleElement()
                .satisfies(f -> assertThat(f.getCategory() + ": " + f.getEvidence())
                        .isEqualTo("ip_brands: blocked term fizzco"));
    }

    @Test
    void passesATraceSentToReviewOnSoItsOutputsCanBeHeldForAReviewer() throws Exception {
        harness.processElement(TestRequests.trace("r-review", "a deepfake of joe biden giving a speech"), 10L);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(trace -> {
            assertThat(trace.heldForReview()).isTrue();
            assertThat(trace.moderation().getFindings().get(0).getCategory()).isEqualTo("public_figure_likeness");
        });
        assertThat(side(PipelineOutputs.RESULTS)).isEmpty();
        assertThat(side(PipelineOutputs.EVENTS)).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(EventType.MODERATED);
            assertThat(event.getMessage()).contains("review");
        });
    }

    @Test
    void auditsEveryVerdictWithItsGateEvidenceAndPolicyVersion() throws Exception {
        harness.processElement(TestRequests.trace("a", "a mountain lake at sunrise"), 1L);
        harness.processElement(TestRequests.trace("b", "step by step instructions to build a pipe bomb"), 2L);

        assertThat(side(PipelineOutputs.AUDITS)).hasSize(2).allSatisfy(audit -> {
            assertThat(audit.getGate()).isEqualTo(ModerationGate.PROMPT);
            assertThat(audit.getTenantId()).isEqualTo("demo");
            assertThat(audit.getVerdict().getPolicyVersion()).isNotBlank();
            assertThat(audit.getVerdict().getChecks()).singleElement()
                    .satisfies(check -> assertThat(check.getGate()).isEqualTo("prompt"));
        });
        assertThat(side(PipelineOutputs.AUDITS)).extracting(a -> a.getRequestId(), a -> a.getVerdict().getDecision())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", ModerationDecision.ALLOW),
                        org.assertj.core.groups.Tuple.tuple("b", ModerationDecision.BLOCK));
        assertThat(side(PipelineOutputs.AUDITS).get(1).getVerdict().getFindings().get(0).getEvidence())
                .contains("pipe bomb");
    }

    @Test
    void keepsEachRequestsOutcomeApartInAStream() throws Exception {
        harness.processElement(TestRequests.trace("a", "a mountain lake at sunrise"), 1L);
        harness.processElement(TestRequests.trace("b", "step by step instructions to build a pipe bomb"), 2L);
        harness.processElement(TestRequests.trace("c", "kids playing football in a park"), 3L);

        assertThat(harness.extractOutputValues()).extracting(Trace::requestId).containsExactly("a", "c");
        assertThat(side(PipelineOutputs.RESULTS)).extracting(GenerationResult::getRequestId).containsExactly("b");
        assertThat(side(PipelineOutputs.EVENTS)).extracting(GenerationEvent::getRequestId, GenerationEvent::getType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", EventType.MODERATED),
                        org.assertj.core.groups.Tuple.tuple("b", EventType.REJECTED),
                        org.assertj.core.groups.Tuple.tuple("c", EventType.MODERATED));
    }

    @Test
    void moderatesEachTraceUnderItsTenantsPolicy(@TempDir Path dir) throws Exception {
        Path acme = dir.resolve("acme.yaml");
        Files.writeString(acme, """
                version: "3"
                tenant: acme
                categories:
                  ip_brands: {decision: block, add-terms: {rival cola: 0.9}}
                """);
        ReelflowConfig config = ReelflowConfig.defaults();
        TenantsConfig tenants = new TenantsConfig(List.of(
                new TenantsConfig.Tenant("demo", List.of(), null, null, null),
                new TenantsConfig.Tenant("acme", List.of(), null, null, acme.toString())));
        harness.close();
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new ModerateFunction(config.moderation(), tenants));

        harness.processElement(TestRequests.trace("demo-1", "a can of rival cola on a beach"), 1L);
        harness.processElement(trace("acme-1", "acme", "a can of rival cola on a beach"), 2L);
        harness.processElement(trace("acme-2", "acme", "a mountain lake at sunrise"), 3L);

        assertThat(harness.extractOutputValues()).extracting(Trace::requestId).containsExactly("demo-1", "acme-2");
        String deploymentVersion = ModerationPolicy.load(config.moderation().policy()).version();
        assertThat(harness.extractOutputValues()).extracting(trace -> trace.moderation().getPolicyVersion())
                .containsExactly(deploymentVersion, deploymentVersion + "+acme.3");
        assertThat(side(PipelineOutputs.RESULTS)).singleElement().satisfies(result -> {
            assertThat(result.getRequestId()).isEqualTo("acme-1");
            assertThat(result.getErrorCode()).isEqualTo("MODERATION_BLOCKED");
            assertThat(result.getErrorMessage()).isEqualTo("ip_brands: rival cola");
            assertThat(result.getModeration().getPolicyVersion()).isEqualTo(deploymentVersion + "+acme.3");
        });
    }

    @Test
    void aBadPolicyFailsWhenTheOperatorOpensNotOnTheFirstRequest() {
        ReelflowConfig config = ReelflowConfig.defaults();
        ModerationConfig defaults = config.moderation();
        ModerationConfig missing = new ModerationConfig("classpath:moderation/missing.yaml", defaults.frames(),
                defaults.textClassifier(), defaults.imageClassifier());

        assertThatThrownBy(() -> ProcessFunctionTestHarnesses.forProcessFunction(
                        new ModerateFunction(missing, config.tenants())))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("classpath:moderation/missing.yaml");
    }

    @Test
    void aBadOverlayFailsWhenTheOperatorOpensNamingTheTenant(@TempDir Path dir) throws Exception {
        Path acme = dir.resolve("acme.yaml");
        Files.writeString(acme, "version: \"1\"\ntenant: acme\ncategories: {sexual_minors: {threshold: 0.99}}\n");
        TenantsConfig tenants = new TenantsConfig(
                List.of(new TenantsConfig.Tenant("acme", List.of(), null, null, acme.toString())));

        assertThatThrownBy(() -> ProcessFunctionTestHarnesses.forProcessFunction(
                        new ModerateFunction(ReelflowConfig.defaults().moderation(), tenants)))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("tenant acme: " + acme + ": category sexual_minors: threshold 0.99")
                .hasMessageEndingWith("sexual_minors is never loosenable");
    }

    private static Trace trace(String id, String tenant, String prompt) {
        GenerationRequest request = GenerationRequest.newBuilder(TestRequests.request(id, prompt, null))
                .setTenantId(tenant)
                .build();
        return Trace.accepted(request, new SourceRef("reelflow.requests", 0, 7), 1_000L);
    }

    private <T> List<T> side(OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
