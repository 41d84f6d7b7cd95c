package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.Samplers;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.pipeline.Frames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DenoisingBatchTest {

    private static final Sampler FLOW = Samplers.create(Samplers.FLOW_EULER, 1000).orElseThrow();
    private final GenerationModel model = TestRequests.randomInitModel(false);
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void aWindowSteppedAloneFollowsTheSamplingLoop() {
        Timeline timeline = Timeline.empty(32, 32, 4).place(Frames.blank(32, 32, 1), 0);
        SamplingSettings settings = settings(5, 3.0, 7, "a red circle moves right");
        try (RequestRun request = RequestRun.start(model, FLOW, settings, timeline, manager)) {
            WindowRun window = request.window();
            NDArray start = window.latents.duplicate();
            NDArray expected = SamplingLoop.sampleFrom(window.denoiser, FLOW.start(settings, model.denoiser().prediction()),
                    start, 0, window.text, settings.guidance(), 0, window.given);
            while (!window.done()) {
                DenoisingBatch.step(List.of(window), model.denoiser(), manager);
            }
            assertThat(window.stepsTaken()).isEqualTo(5);
            assertThat(window.given.apply(window.latents).toFloatArray()).containsExactly(expected.toFloatArray());
        }
    }

    @Test
    void eachMemberOfABatchGetsWhatItWouldAlone() {
        List<Member> members = List.of(
                new Member(settings(4, 1.0, 1, "a blue square"), Timeline.empty(32, 32, 4)),
                new Member(settings(6, 4.0, 2, "a small green triangle moves up on a white background"),
                        Timeline.empty(32, 32, 4)),
                new Member(settings(5, 2.5, 3, "a red circle"),
                        Timeline.empty(32, 32, 4).place(Frames.blank(32, 32, 1), 0)));
        List<Frames> alone = new ArrayList<>();
        for (Member member : members) {
            alone.add(ClipSampler.sample(model, FLOW, member.settings, member.timeline(), manager));
        }

        List<RequestRun> requests = new ArrayList<>();
        for (Member member : members) {
            requests.add(RequestRun.start(model, FLOW, member.settings, member.timeline(), manager));
        }
        DenoisingBatch.step(List.of(requests.get(0).window()), model.denoiser(), manager); // joins a step ahead
        List<Integer> batchSizes = new ArrayList<>();
        List<WindowRun> running = new ArrayList<>(requests.stream().map(RequestRun::window).toList());
        while (!running.isEmpty()) {
            batchSizes.add(running.size());
            DenoisingBatch.step(running, model.denoiser(), manager);
            running.removeIf(WindowRun::done);
        }
        assertThat(batchSizes).containsExactly(3, 3, 3, 2, 2, 1);
        for (int i = 0; i < members.size(); i++) {
            RequestRun request = requests.get(i);
            request.finishWindow();
            byte[] batched = request.frames().rgb();
            byte[] expected = alone.get(i).rgb();
            assertThat(TestRequests.maxDifference(batched, expected)).as("member %d", i).isLessThanOrEqualTo(1);
            request.close();
        }
    }

    @Test
    void onlyWindowsOfOneShapeShareAStep() {
        try (RequestRun square = RequestRun.start(model, FLOW, settings(2, 1, 1, "a"), Timeline.empty(32, 32, 4),
                manager);
                RequestRun wide = RequestRun.start(model, FLOW, settings(2, 1, 1, "b"), Timeline.empty(36, 20, 4),
                        manager)) {
            assertThatIllegalArgumentException().isThrownBy(() -> DenoisingBatch.step(
                    List.of(square.window(), wide.window()), model.denoiser(), manager)).withMessageContaining("shape");
            assertThat(square.window().stepsTaken()).isZero();
        }
    }

    @Test
    void aDenoiserWithStatePerRunIsNeverBatched() {
        GenerationModel selfConditioned = TestRequests.randomInitModel(true);
        try (RequestRun a = RequestRun.start(selfConditioned, FLOW, settings(2, 1, 1, "a"), Timeline.empty(32, 32, 4),
                manager);
                RequestRun b = RequestRun.start(selfConditioned, FLOW, settings(2, 1, 2, "b"),
                        Timeline.empty(32, 32, 4), manager)) {
            assertThat(selfConditioned.denoiser().batchesAcrossRuns()).isFalse();
            assertThatIllegalArgumentException().isThrownBy(() -> DenoisingBatch.step(
                    List.of(a.window(), b.window()), selfConditioned.denoiser(), manager));
        }
    }

    private record Member(SamplingSettings settings, Timeline template) {
        Timeline timeline() {
            Timeline copy = Timeline.empty(template.width(), template.height(), template.count());
            for (int i = 0; i < template.count(); i++) {
                if (template.given(i)) {
                    copy.set(i, template.frameCopy(i));
                }
            }
            return copy;
        }
    }

    private static SamplingSettings settings(int steps, double guidance, long seed, String prompt) {
        return new SamplingSettings(Samplers.FLOW_EULER, steps, guidance, 1, seed, prompt, "");
    }
}
