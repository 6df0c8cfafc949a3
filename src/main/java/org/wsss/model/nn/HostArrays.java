package org.wsss.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** Copies between {@link HostTensor}s and native {@link NDArray}s. */
public final class HostArrays {

    private HostArrays() {}

    /** Copies an array's values into Java memory (as float32). */
    public static HostTensor toHost(NDArray array) {
        float[] values =
                array.getDataType() == DataType.FLOAT32
                        ? array.toFloatArray()
                        : floatCopy(array);
        return new HostTensor(array.getShape().getShape(), values);
    }

    /** Creates a float32 array holding the tensor's values, owned by {@code manager}. */
    public static NDArray toNative(NDManager manager, HostTensor tensor) {
        return manager.create(tensor.values(), new Shape(tensor.shape()));
    }

    /**
     * Overwrites {@code target} in place with the tensor's values, keeping its identity (so DJL parameter
     * stores and optimiser states that refer to it stay valid).
     *
     * @throws IllegalArgumentException when the shapes differ
     */
    public static void copyInto(HostTensor source, NDArray target) {
        long[] targetShape = target.getShape().getShape();
        if (!Arrays.equals(targetShape, source.shape())) {
            throw new IllegalArgumentException(
                    "shape mismatch: expected " + Arrays.toString(targetShape) + ", got " + source.shapeText());
        }
        target.set(source.values());
    }

    private static float[] floatCopy(NDArray array) {
        try (NDArray converted = array.toType(DataType.FLOAT32, true)) {
            return converted.toFloatArray();
        }
    }
}
