package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplersTest {

    @ParameterizedTest
    @ValueSource(strings = {"ddim", "euler", "euler-karras", "dpmpp-2m", "dpmpp-2m-karras"})
    void noisePredictionSamplersAreRegisteredByName(String name) {
        Sampler sampler = Samplers.create(name, 1000).orElseThrow();

        assertThat(sampler.name()).isEqualTo(name);
        assertThat(sampler.supports(Prediction.EPSILON)).isTrue();
        assertThat(sampler.supports(Prediction.V)).isTrue();
        assertThat(sampler.supports(Prediction.FLOW)).isFalse();
        SamplerRun run = sampler.start(new SamplingSettings(name, 7, 1.0, 1.0, 1L, "p", ""), Prediction.EPSILON);
        assertThat(run.steps()).isEqualTo(7);
        assertThat(run.timestep(0)).isGreaterThan(run.timestep(6));
    }

    @Test
    void flowEulerDrivesOnlyFlowModels() {
        Sampler sampler = Samplers.create("flow-euler", 1000).orElseThrow();

        assertThat(sampler.name()).isEqualTo(Samplers.FLOW_EULER);
        assertThat(sampler.supports(Prediction.FLOW)).isTrue();
        assertThat(sampler.supports(Prediction.EPSILON)).isFalse();
    }

    @Test
    void everyNameIsKnownAndUnknownNamesAreEmpty() {
        assertThat(Samplers.NAMES).allSatisfy(name -> assertThat(Samplers.create(name, 1000)).isPresent());
        assertThat(Samplers.create("flow-heun", 1000)).isEmpty();
        assertThat(Samplers.create(null, 1000)).isEmpty();
    }

    @Test
    void optionsNameTheSamplerTheyBuild() {
        NoiseSchedule schedule = NoiseSchedule.scaledLinear(0.00085, 0.012, 1000);
        List<SamplerOptions> options = List.of(SamplerOptions.Ddim.defaults(schedule),
                SamplerOptions.Euler.defaults(schedule),
                new SamplerOptions.Euler(schedule, TimestepSpacing.LEADING, 1, true),
                SamplerOptions.DpmSolver.defaults(schedule),
                new SamplerOptions.DpmSolver(schedule, TimestepSpacing.LINSPACE, 0, true, true,
                        SamplerOptions.FinalSigma.ZERO),
                SamplerOptions.FlowMatch.staticShift(1000),
                new SamplerOptions.FlowMatch(1000, null, true));

        assertThat(options).extracting(o -> Samplers.create(o).name())
                .containsExactly("ddim", "euler", "euler-karras", "dpmpp-2m", "dpmpp-2m-karras", "flow-euler",
                        "flow-euler-stochastic");
    }
}
