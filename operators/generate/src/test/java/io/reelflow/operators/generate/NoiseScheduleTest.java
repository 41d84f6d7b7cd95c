package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.reelflow.operators.generate.internal.SpacetimeDitArchitecture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schedules are compared bit for bit with what PyTorch computes for diffusers (through DJL's PyTorch). */
class NoiseScheduleTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(SpacetimeDitArchitecture.ENGINE);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest(name = "linear {0}..{1} over {2}")
    @CsvSource({"0.0001, 0.02, 1000", "0.0001, 0.02, 1100", "0.01, 0.02, 1000", "0.00085, 0.012, 999",
        "0.001, 0.02, 50"})
    void linearBetasAreTorchLinspaceInFloat32(double start, double end, int steps) {
        float[] torch = manager.linspace((float) start, (float) end, steps, true).toFloatArray();

        assertThat(NoiseSchedule.linear(start, end, steps).betas()).containsExactly(torch);
    }

    @ParameterizedTest(name = "scaled linear {0}..{1} over {2}")
    @CsvSource({"0.00085, 0.012, 1000", "0.0001, 0.02, 1100"})
    void scaledLinearBetasAreSquaresOfTheLinspaceOfRoots(double start, double end, int steps) {
        NDArray roots = manager.linspace((float) Math.sqrt(start), (float) Math.sqrt(end), steps, true);

        assertThat(NoiseSchedule.scaledLinear(start, end, steps).betas())
                .containsExactly(roots.mul(roots).toFloatArray());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"linear", "scaled-linear", "cosine"})
    void alphasCumprodIsTorchCumprodOfOneMinusBetas(String kind) {
        NoiseSchedule schedule = new NoiseSchedule(NoiseSchedule.Kind.parse(kind), 0.00085, 0.012, 1000);
        NDArray alphas = manager.create(schedule.betas()).neg().add(1f);

        assertThat(schedule.alphasCumprod()).containsExactly(alphas.cumProd(0).toFloatArray());
    }

    @Test
    void cosineBetasFollowAlphaBarAndAreCappedAtTheEnd() {
        float[] betas = NoiseSchedule.cosine(1000).betas();

        double alphaBar0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        double alphaBar1 = Math.pow(Math.cos((0.001 + 0.008) / 1.008 * Math.PI / 2), 2);
        assertThat(betas[0]).isEqualTo((float) (1 - alphaBar1 / alphaBar0));
        assertThat(betas[999]).isEqualTo(0.999f);
        for (int i = 1; i < 999; i++) {
            assertThat(betas[i]).as("beta %d", i).isGreaterThan(betas[i - 1]);
        }
    }

    @Test
    void alphasCumprodFallsFromNearOneTowardsZero() {
        float[] cumprod = NoiseSchedule.diffusersDefault(1000).alphasCumprod();

        assertThat(cumprod[0]).isEqualTo(0.9999f);
        assertThat(cumprod[999]).isCloseTo(4.04e-5f, within(1e-6f));
    }

    @Test
    void kindsParseDiffusersAndCliSpellings() {
        assertThat(NoiseSchedule.Kind.parse("linear")).isEqualTo(NoiseSchedule.Kind.LINEAR);
        assertThat(NoiseSchedule.Kind.parse("scaled_linear")).isEqualTo(NoiseSchedule.Kind.SCALED_LINEAR);
        assertThat(NoiseSchedule.Kind.parse("Scaled-Linear")).isEqualTo(NoiseSchedule.Kind.SCALED_LINEAR);
        assertThat(NoiseSchedule.Kind.parse("squaredcos_cap_v2")).isEqualTo(NoiseSchedule.Kind.SQUAREDCOS_CAP_V2);
        assertThat(NoiseSchedule.Kind.parse("cosine")).isEqualTo(NoiseSchedule.Kind.SQUAREDCOS_CAP_V2);
        assertThatIllegalArgumentException().isThrownBy(() -> NoiseSchedule.Kind.parse("sigmoid"))
                .withMessageContaining("sigmoid");
    }

    @Test
    void theRecordRejectsImpossibleSchedules() {
        assertThatIllegalArgumentException().isThrownBy(() -> NoiseSchedule.linear(0.02, 0.0001, 1000));
        assertThatIllegalArgumentException().isThrownBy(() -> NoiseSchedule.linear(0, 0.02, 1000));
        assertThatIllegalArgumentException().isThrownBy(() -> NoiseSchedule.linear(0.0001, 1.5, 1000));
        assertThatIllegalArgumentException().isThrownBy(() -> NoiseSchedule.cosine(1));
    }
}
