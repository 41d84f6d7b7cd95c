package io.reelflow.operators.moderation.djl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tiny ONNX models with known behaviour, written as ModelProto bytes by hand (there are no pretrained weights and no
 * Python on a build machine), so tests run real ONNX Runtime forward passes through DJL.
 */
final class OnnxModels {

    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    private OnnxModels() {}

    /**
     * Image model: per frame, the mean of each input channel, then {@code scores = means x weights + bias}
     * ({@code weights} is 3 x labels, row per channel). Input "pixels" [batch, 3, h, w], output "scores".
     */
    static Path channelMeans(Path file, float[][] weights, float[] bias) throws IOException {
        int labels = bias.length;
        Proto graph = new Proto()
                .message(1, node("ReduceMean", List.of("pixels"), "means", ints("axes", 2, 3), integer("keepdims", 0)))
                .message(1, node("MatMul", List.of("means", "w"), "z"))
                .message(1, node("Add", List.of("z", "b"), "scores"))
                .string(2, "channel-means")
                .message(5, floats("w", new long[] {3, labels}, flatten(weights)))
                .message(5, floats("b", new long[] {labels}, bias))
                .message(11, valueInfo("pixels", FLOAT, "batch", 3, "height", "width"))
                .message(12, valueInfo("scores", FLOAT, "batch", labels));
        return write(file, graph);
    }

    /**
     * Text model: per window, {@code count} = how often {@code token} occurs among attended tokens, then
     * {@code scores = count x weights + bias}. Inputs are named {@code inputs}; the first two must be the ids and the
     * attention mask, any others are declared but unused.
     */
    static Path tokenCount(Path file, List<String> inputs, long token, float[] weights, float[] bias)
            throws IOException {
        Proto graph = countGraph(inputs, token)
                .message(1, node("MatMul", List.of("count", "w"), "z"))
                .message(1, node("Add", List.of("z", "b"), "scores"))
                .message(5, floats("w", new long[] {1, weights.length}, weights))
                .message(5, floats("b", new long[] {bias.length}, bias))
                .message(12, valueInfo("scores", FLOAT, "batch", bias.length));
        return write(file, graph);
    }

    /** Text model with one output, sqrt(-count): 0 without {@code token}, NaN with it (a broken model). */
    static Path nanOnToken(Path file, long token) throws IOException {
        Proto graph = countGraph(List.of("input_ids", "attention_mask"), token)
                .message(1, node("Neg", List.of("count"), "negated"))
                .message(1, node("Sqrt", List.of("negated"), "scores"))
                .message(12, valueInfo("scores", FLOAT, "batch", 1));
        return write(file, graph);
    }

    private static Proto countGraph(List<String> inputs, long token) {
        Proto graph = new Proto()
                .message(1, node("Equal", List.of(inputs.get(0), "token"), "hit"))
                .message(1, node("Cast", List.of("hit"), "hits", integer("to", FLOAT)))
                .message(1, node("Cast", List.of(inputs.get(1)), "attended", integer("to", FLOAT)))
                .message(1, node("Mul", List.of("hits", "attended"), "counted"))
                .message(1, node("ReduceSum", List.of("counted", "axes"), "count", integer("keepdims", 1)))
                .string(2, "token-count")
                .message(5, int64s("token", new long[] {}, token))
                .message(5, int64s("axes", new long[] {1}, 1));
        for (String input : inputs) {
            graph.message(11, valueInfo(input, INT64, "batch", "tokens"));
        }
        return graph;
    }

    private static Path write(Path file, Proto graph) throws IOException {
        Proto model = new Proto()
                .varint(1, 8) // ir_version
                .string(2, "reelflow-tests")
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13)); // opset 13
        Files.write(file, model.bytes());
        return file;
    }

    private static Proto node(String op, List<String> inputs, String output, Proto... attributes) {
        Proto node = new Proto();
        inputs.forEach(input -> node.string(1, input));
        node.string(2, output).string(3, output).string(4, op);
        for (Proto attribute : attributes) {
            node.message(5, attribute);
        }
        return node;
    }

    private static Proto integer(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, ATTRIBUTE_INT);
    }

    private static Proto ints(String name, long... values) {
        Proto attribute = new Proto().string(1, name);
        for (long value : values) {
            attribute.varint(8, value);
        }
        return attribute.varint(20, ATTRIBUTE_INTS);
    }

    private static Proto floats(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        return tensor(name, dims, FLOAT, raw.array());
    }

    private static Proto int64s(String name, long[] dims, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            raw.putLong(value);
        }
        return tensor(name, dims, INT64, raw.array());
    }

    private static Proto tensor(String name, long[] dims, int type, byte[] raw) {
        Proto tensor = new Proto();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        return tensor.varint(2, type).string(8, name).bytes(9, raw);
    }

    /** {@code dims}: Integer for a fixed size, String for a named (dynamic) one. */
    private static Proto valueInfo(String name, int type, Object... dims) {
        Proto shape = new Proto();
        for (Object dim : dims) {
            shape.message(1, dim instanceof Integer size ? new Proto().varint(1, size) : new Proto().string(2, (String) dim));
        }
        Proto tensorType = new Proto().varint(1, type).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    private static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * rows[0].length, rows[0].length);
        }
        return flat;
    }

    /** Protocol-buffer wire format: varints and length-delimited fields are all ONNX's ModelProto needs here. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.bytes());
        }

        Proto bytes(int field, byte[] value) {
            raw(((long) field << 3) | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
