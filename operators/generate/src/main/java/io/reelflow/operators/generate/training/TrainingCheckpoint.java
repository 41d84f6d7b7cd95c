package io.reelflow.operators.generate.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Everything a run needs to continue exactly: the step, the time spent so far, and per parameter its value, both
 * Adam moments and its moving average. Written to a temporary file and moved into place, so a run killed while
 * saving keeps its previous checkpoint.
 */
final class TrainingCheckpoint {

    private static final int MAGIC = 0x52464c57; // "RFLW"
    private static final int VERSION = 2;

    /** Steps done and training seconds spent, summed over resumed runs. */
    public record State(int step, double seconds) {}

    private final Path file;
    private final String fingerprint;
    private final List<String> names;
    private final List<List<NDArray>> slots;

    TrainingCheckpoint(Path file, String fingerprint, List<String> names, List<NDArray> parameters,
            List<NDArray> first, List<NDArray> second, List<NDArray> average) {
        this.file = file;
        this.fingerprint = fingerprint;
        this.names = names;
        this.slots = List.of(parameters, first, second, average);
    }

    /**
     * Loads the checkpoint into the arrays, or leaves them as they are (step 0) if there is none. The arrays must
     * not require gradients: the values are copied into them in place.
     */
    State restore() throws IOException {
        if (!Files.exists(file)) {
            return new State(0, 0);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not a training checkpoint of this version");
            }
            String recipe = in.readUTF();
            if (!recipe.equals(fingerprint)) {
                throw new IOException(file + " belongs to another architecture or training recipe; move it away to"
                        + " start afresh");
            }
            State state = new State(in.readInt(), in.readDouble());
            int count = in.readInt();
            if (count != names.size()) {
                throw new IOException(file + " has " + count + " parameters, the network " + names.size());
            }
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                if (!name.equals(names.get(i))) {
                    throw new IOException(file + ": parameter " + i + " is " + name + ", expected " + names.get(i));
                }
                for (List<NDArray> slot : slots) {
                    NDArray array = slot.get(i);
                    int size = in.readInt();
                    if (size != array.size()) {
                        throw new IOException(file + ": " + name + " has " + size + " values, expected " + array.size());
                    }
                    byte[] bytes = in.readNBytes(size * 4);
                    if (bytes.length != size * 4) {
                        throw new IOException(file + " is truncated in " + name);
                    }
                    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
                    buffer.put(bytes).flip();
                    array.set(buffer); // the arrays must not require gradients yet (see ReferenceTrainer)
                }
            }
            return state;
        }
    }

    void save(State state) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary),
                1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            out.writeInt(state.step());
            out.writeDouble(state.seconds());
            out.writeInt(names.size());
            for (int i = 0; i < names.size(); i++) {
                out.writeUTF(names.get(i));
                for (List<NDArray> slot : slots) {
                    NDArray array = slot.get(i);
                    if (array.getDataType() != DataType.FLOAT32) {
                        throw new IllegalStateException(names.get(i) + " is " + array.getDataType());
                    }
                    out.writeInt(Math.toIntExact(array.size()));
                    out.write(array.toByteArray()); // native order, as restore reads it
                }
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
