package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reelflow.operators.generate.ClassifierFreeGuidance;
import io.reelflow.operators.generate.Denoiser;
import io.reelflow.operators.generate.TextConditioning;
import java.util.ArrayList;
import java.util.List;

/**
 * One denoising step for several windows in one forward pass: their inputs stacked, the text batch laid out as
 * {@code [uncond_1..uncond_B, cond_1..cond_B]} (token rows padded to the longest prompt, padding masked), each member's
 * own timestep, then each member's guidance and sampler step on its slice of the output. Members may be at different
 * steps, with different samplers, guidance and known frames; they must share the model and window shape.
 */
public final class DenoisingBatch {

    private DenoisingBatch() {}

    /**
     * Takes one step for every member. Intermediates live in a sub-manager of {@code parent}; each member's new
     * latents move to its own manager. If the forward pass or guidance fails no member has moved, so the step can be
     * retried.
     */
    public static void step(List<WindowRun> members, Denoiser model, NDManager parent) {
        int batch = members.size();
        if (batch > 1 && !model.batchesAcrossRuns()) {
            throw new IllegalArgumentException("this denoiser keeps state per run; its runs cannot share a batch");
        }
        Shape shape = members.get(0).shape();
        for (WindowRun member : members) {
            if (!member.shape().equals(shape) || member.done()) {
                throw new IllegalArgumentException("members must have steps left and one shape: " + shape + " and "
                        + member.shape());
            }
        }
        List<NDArray> next = new ArrayList<>(batch);
        try (NDManager scope = parent.newSubManager()) {
            for (WindowRun member : members) {
                lend(member, scope);
            }
            NDList currents = new NDList(batch);
            NDList inputs = new NDList(batch);
            float[] timesteps = new float[batch];
            for (int i = 0; i < batch; i++) {
                WindowRun member = members.get(i);
                NDArray current = member.given == null ? member.latents : member.given.apply(member.latents);
                currents.add(current);
                inputs.add(member.run.scaleModelInput(current, member.step));
                timesteps[i] = member.run.timestep(member.step);
            }
            NDArray input = batch == 1 ? inputs.get(0) : NDArrays.concat(inputs, 0);
            NDArray time = scope.create(timesteps);
            Denoiser denoiser = batch == 1 ? members.get(0).denoiser : shared(model, members);
            NDArray output = denoiser.predict(input.concat(input, 0), time.concat(time, 0), guidanceText(members, scope));
            NDList guided = new NDList(batch);
            for (int i = 0; i < batch; i++) {
                NDArray uncond = output.get(i + ":" + (i + 1));
                NDArray cond = output.get((batch + i) + ":" + (batch + i + 1));
                guided.add(ClassifierFreeGuidance.combine(uncond, cond, members.get(i).guidance));
            }
            // samplers keep state between steps: step them only once nothing else can fail
            for (int i = 0; i < batch; i++) {
                WindowRun member = members.get(i);
                NDArray stepped = member.run.step(guided.get(i), member.step, currents.get(i));
                stepped.attach(member.manager);
                next.add(stepped);
            }
        } catch (RuntimeException | Error e) {
            next.forEach(NDArray::close);
            throw e;
        }
        for (int i = 0; i < batch; i++) {
            members.get(i).advance(next.get(i));
        }
    }

    /** The model told every member's known frames, stacked; only stateless denoisers are shared (see forRun). */
    private static Denoiser shared(Denoiser model, List<WindowRun> members) {
        if (!model.takesKnownFrames()) {
            return model;
        }
        NDList known = new NDList(members.size());
        for (WindowRun member : members) {
            known.add(member.known);
        }
        return model.withKnownFrames(NDArrays.concat(known, 0));
    }

    /** Members' [uncond, cond] pairs as one guidance batch, uncond rows first. */
    private static TextConditioning guidanceText(List<WindowRun> members, NDManager scope) {
        if (members.size() == 1) {
            return members.get(0).text;
        }
        long tokens = 0;
        for (WindowRun member : members) {
            tokens = Math.max(tokens, member.text.tokens().getShape().get(1));
        }
        NDList rows = new NDList();
        NDList masks = new NDList();
        NDList pooled = new NDList();
        for (int half = 0; half < 2; half++) {
            for (WindowRun member : members) {
                TextConditioning text = member.text;
                String row = half + ":" + (half + 1);
                NDArray tokenRow = text.tokens().get(row);
                NDArray maskRow = text.mask().get(row);
                long missing = tokens - tokenRow.getShape().get(1);
                if (missing > 0) {
                    tokenRow = tokenRow.concat(scope.zeros(new Shape(1, missing, tokenRow.getShape().get(2)),
                            tokenRow.getDataType()), 1);
                    maskRow = maskRow.concat(scope.zeros(new Shape(1, missing), maskRow.getDataType()), 1);
                }
                rows.add(tokenRow);
                masks.add(maskRow);
                pooled.add(text.pooled().get(row));
            }
        }
        return new TextConditioning(NDArrays.concat(rows, 0), NDArrays.concat(masks, 0), NDArrays.concat(pooled, 0));
    }

    /** Lends the member's arrays to the step's manager, so everything computed from them is freed with it. */
    private static void lend(WindowRun member, NDManager scope) {
        member.latents.tempAttach(scope);
        member.text.tokens().tempAttach(scope);
        member.text.mask().tempAttach(scope);
        member.text.pooled().tempAttach(scope);
        if (member.known != null) {
            member.known.tempAttach(scope);
        }
        if (member.given != null) {
            member.given.values().tempAttach(scope);
            member.given.mask().tempAttach(scope);
        }
    }
}
