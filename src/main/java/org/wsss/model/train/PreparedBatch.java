package org.wsss.model.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;

/**
 * Samples stacked along a new leading batch axis, still in Java memory.
 *
 * @param inputs {@code (B, ...input shape)}
 * @param labels {@code (B, ...label shape)}
 */
record PreparedBatch(HostTensor inputs, HostTensor labels) {

    /** Stacks samples that all have the same input shape and the same label shape. */
    static PreparedBatch stack(List<TrainingSample> samples) {
        return new PreparedBatch(
                stackTensors(samples.stream().map(TrainingSample::input).toList(), "input"),
                stackTensors(samples.stream().map(TrainingSample::label).toList(), "label"));
    }

    int size() {
        return (int) inputs.shape()[0];
    }

    /** Samples {@code from .. from + count - 1}, copied into a batch of their own. */
    PreparedBatch slice(int from, int count) {
        if (from < 0 || count < 1 || from + count > size()) {
            throw new IllegalArgumentException("samples " + from + ".." + (from + count - 1) + " are not in a batch of "
                    + size());
        }
        return new PreparedBatch(sliceRows(inputs, from, count), sliceRows(labels, from, count));
    }

    /** The inputs as native arrays owned by {@code manager} (on its device). */
    NDList inputs(NDManager manager) {
        return new NDList(HostArrays.toNative(manager, inputs));
    }

    /** The labels as native arrays owned by {@code manager} (on its device). */
    NDList labels(NDManager manager) {
        return new NDList(HostArrays.toNative(manager, labels));
    }

    private static HostTensor sliceRows(HostTensor tensor, int from, int count) {
        long[] shape = tensor.shape().clone();
        int rowSize = Math.toIntExact(tensor.values().length / shape[0]);
        shape[0] = count;
        return new HostTensor(shape, Arrays.copyOfRange(tensor.values(), from * rowSize, (from + count) * rowSize));
    }

    private static HostTensor stackTensors(List<HostTensor> tensors, String what) {
        long[] itemShape = tensors.get(0).shape();
        int itemSize = tensors.get(0).values().length;
        float[] stacked = new float[Math.multiplyExact(itemSize, tensors.size())];
        for (int i = 0; i < tensors.size(); i++) {
            HostTensor tensor = tensors.get(i);
            if (!Arrays.equals(itemShape, tensor.shape())) {
                throw new IllegalArgumentException("samples of a batch differ in " + what + " shape: "
                        + Arrays.toString(itemShape) + " and " + tensor.shapeText());
            }
            System.arraycopy(tensor.values(), 0, stacked, i * itemSize, itemSize);
        }
        long[] shape = new long[itemShape.length + 1];
        shape[0] = tensors.size();
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        return new HostTensor(shape, stacked);
    }
}
