package io.reelflow.operators.moderation.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import java.util.Set;

/**
 * Per token window: the model's inputs in, its raw outputs out; batching is the batchifier's. Inputs are named as
 * Hugging Face exports name them; a model that does not declare its inputs (TorchScript) gets input_ids and
 * attention_mask in that order.
 */
public final class TokenWindowTranslator implements Translator<TokenWindows.Window, float[]> {

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    public static final Set<String> INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    private final List<String> inputs;
    private final boolean named;

    /** @param declaredInputs the model's input names in order (each one of {@link #INPUTS}); null if undeclared */
    public TokenWindowTranslator(List<String> declaredInputs) {
        this.named = declaredInputs != null;
        this.inputs = named ? List.copyOf(declaredInputs) : List.of(INPUT_IDS, ATTENTION_MASK);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, TokenWindows.Window window) {
        NDManager manager = ctx.getNDManager();
        NDList list = new NDList(inputs.size());
        for (String input : inputs) {
            NDArray array = manager.create(switch (input) {
                case INPUT_IDS -> window.ids();
                case ATTENTION_MASK -> window.attentionMask();
                default -> window.typeIds();
            });
            if (named) {
                array.setName(input);
            }
            list.add(array);
        }
        return list;
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList outputs) {
        return OutputLabels.floats(outputs.get(0));
    }

    @Override
    public Batchifier getBatchifier() {
        return new RawStackBatchifier();
    }
}
