package io.reelflow.operators.moderation.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Stacks items into a batch along a new first axis and splits outputs back by copying their bytes, so it works on
 * every engine: ONNX Runtime's arrays have no stack or slice operators of their own (DJL's {@link Batchifier#STACK}
 * would borrow PyTorch for them). Items' arrays keep their names, which ONNX Runtime matches to the model's inputs.
 */
public final class RawStackBatchifier implements Batchifier {

    private static final long serialVersionUID = 1L;

    @Override
    public NDList batchify(NDList[] items) {
        NDList batch = new NDList(items[0].size());
        for (int i = 0; i < items[0].size(); i++) {
            NDArray first = items[0].get(i);
            Shape shape = first.getShape();
            DataType type = first.getDataType();
            int bytes = Math.toIntExact(shape.size() * type.getNumOfBytes());
            ByteBuffer data = ByteBuffer.allocateDirect(bytes * items.length).order(ByteOrder.nativeOrder());
            for (NDList item : items) {
                NDArray array = item.get(i);
                if (!array.getShape().equals(shape) || array.getDataType() != type) {
                    throw new IllegalArgumentException("items differ in input " + i + ": " + shape + " " + type
                            + " and " + array.getShape() + " " + array.getDataType());
                }
                data.put(array.toByteBuffer());
            }
            data.rewind();
            NDArray stacked = first.getManager().create(data, new Shape(items.length).addAll(shape), type);
            stacked.setName(first.getName());
            batch.add(stacked);
        }
        return batch;
    }

    @Override
    public NDList[] unbatchify(NDList batch) {
        long items = batch.get(0).getShape().get(0);
        NDList[] split = new NDList[Math.toIntExact(items)];
        for (int n = 0; n < split.length; n++) {
            split[n] = new NDList(batch.size());
        }
        for (NDArray output : batch) {
            Shape shape = output.getShape();
            if (shape.dimension() == 0 || shape.get(0) != items) {
                throw new IllegalArgumentException("output " + output.getName() + " of shape " + shape
                        + " does not have the batch's " + items + " items first");
            }
            Shape itemShape = shape.slice(1);
            int bytes = Math.toIntExact(itemShape.size() * output.getDataType().getNumOfBytes());
            ByteBuffer data = output.toByteBuffer();
            for (int n = 0; n < split.length; n++) {
                ByteBuffer item = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
                item.put(data.slice(n * bytes, bytes).order(ByteOrder.nativeOrder()));
                item.rewind();
                split[n].add(output.getManager().create(item, itemShape, output.getDataType()));
            }
        }
        return split;
    }
}
