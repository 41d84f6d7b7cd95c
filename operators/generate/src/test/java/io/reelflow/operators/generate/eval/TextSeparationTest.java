package io.reelflow.operators.generate.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reelflow.operators.generate.TestRequests;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.operators.generate.TextEncoder;
import io.reelflow.operators.generate.internal.HashedWordTokenizer;
import io.reelflow.operators.generate.internal.SpacetimeDitArchitecture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextSeparationTest {

    @Test
    void anUntrainedEncoderKeepsEveryAttributeApartAndOneThatIgnoresWordsKeepsNone() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), SpacetimeDitArchitecture.ENGINE)) {
            Map<String, Double> untrained = TextSeparation.measure(TestRequests.randomInitModel().textEncoder(), manager);
            assertThat(untrained).containsOnlyKeys("colour", "shape", "background", "direction", "motion");
            assertThat(untrained.values()).allSatisfy(distance -> assertThat(distance).isGreaterThan(0.05));

            // pooled = the prompt's word count only: an attribute whose words are as many is not told apart
            TextEncoder lengthOnly = (m, prompts) -> {
                float[] pooled = new float[prompts.size() * 4];
                for (int i = 0; i < prompts.size(); i++) {
                    pooled[i * 4] = 1;
                    pooled[i * 4 + 1] = HashedWordTokenizer.words(prompts.get(i)).size();
                }
                return new TextConditioning(m.zeros(new Shape(prompts.size(), 1, 4)), m.ones(new Shape(prompts.size(), 1)),
                        m.create(pooled, new Shape(prompts.size(), 4)));
            };
            Map<String, Double> blind = TextSeparation.measure(lengthOnly, manager);
            assertThat(blind.get("direction")).isZero(); // "left" and "right" in English, 左 and 右 in Chinese
            assertThat(blind.get("shape")).isPositive(); // 圆形 is two words to the tokenizer, 正方形 three
        }
    }
}
