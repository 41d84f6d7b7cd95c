package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Frees a computation's intermediates as soon as it ends. DJL keeps every array until its manager closes, so without
 * this a 60 s video would hold every activation of every layer and step. The inputs are lent to a sub-manager (ops
 * create their results in their first operand's manager, so activations always come first); {@link #keep} moves the
 * result out before the rest is closed.
 */
final class Scope implements AutoCloseable {

    private final NDManager parent;
    private final NDManager manager;

    private Scope(NDManager parent, NDArray... inputs) {
        this.parent = parent;
        this.manager = parent.newSubManager();
        Map<NDArray, Boolean> lent = new IdentityHashMap<>();
        for (NDArray input : inputs) {
            if (input != null && lent.put(input, Boolean.TRUE) == null) {
                input.tempAttach(manager);
            }
        }
    }

    /** A scope under the first input's manager; results kept go back there. */
    static Scope of(NDArray first, NDArray... more) {
        NDArray[] inputs = new NDArray[more.length + 1];
        inputs[0] = first;
        System.arraycopy(more, 0, inputs, 1, more.length);
        return new Scope(first.getManager(), inputs);
    }

    NDManager manager() {
        return manager;
    }

    NDArray keep(NDArray result) {
        result.attach(parent);
        return result;
    }

    @Override
    public void close() {
        manager.close();
    }
}
