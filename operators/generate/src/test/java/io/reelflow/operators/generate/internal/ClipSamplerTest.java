package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.Samplers;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.operators.generate.TextConditioning;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipSamplerTest {

    @Test
    void aModelTrainedOnSharedFrameNoiseStartsEachWindowFromIt() {
        float[] independent = startingNoise(0);
        float[] shared = startingNoise(0.8);
        int frameValues = 32 * 32 * 3;

        assertThat(correlation(independent, 0, 3 * frameValues, frameValues)).isBetween(-0.1, 0.1);
        assertThat(correlation(shared, 0, 3 * frameValues, frameValues)).isBetween(0.75, 0.85);
        assertThat(correlation(shared, 3 * frameValues, 3 * frameValues, frameValues)).isBetween(0.95, 1.05);
    }

    /** The latents the denoiser first sees for a 4-frame text-to-video window (flow: the noise itself). */
    private static float[] startingNoise(double share) {
        GenerationModel base = TestRequests.referenceModel();
        List<float[]> seen = new ArrayList<>();
        Denoiser recording = new Denoiser() {
            @Override
            public Prediction prediction() {
                return Prediction.FLOW;
            }

            @Override
            public NDArray predict(NDArray latents, NDArray timesteps, TextConditioning text) {
                seen.add(latents.get(0).toFloatArray()); // guidance batches (unconditional, conditional)
                return latents.zerosLike();
            }
        };
        GenerationModel model = (GenerationModel) Proxy.newProxyInstance(GenerationModel.class.getClassLoader(),
                new Class<?>[] {GenerationModel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "frameNoiseShare" -> share;
                    case "denoiser" -> recording;
                    default -> method.invoke(base, args);
                });
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE)) {
            ClipSampler.sample(model, Samplers.create(Samplers.FLOW_EULER, 1000).orElseThrow(),
                    new SamplingSettings(Samplers.FLOW_EULER, 1, 1, 1, 42, "a red circle", ""),
                    Timeline.empty(32, 32, 4), manager);
        }
        return seen.get(0);
    }

    private static double correlation(float[] values, int a, int b, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += values[a + i] * values[b + i];
        }
        return sum / length;
    }
}
