package org.wsss.model.nn;

import java.io.Serializable;
import java.util.Arrays;
import org.wsss.algo.augment.FloatImage;

/**
 * A tensor held in plain Java memory: a shape and its row-major float values.
 *
 * <p>This is the currency between the model layer and everything that must not hold native memory:
 * weight files, parameter snapshots broadcast by Spark, averaging on the driver.
 *
 * @param shape the dimensions, outermost first
 * @param values the row-major values; {@code values.length} equals the product of {@code shape}
 */
public record HostTensor(long[] shape, float[] values) implements Serializable {

    private static final long serialVersionUID = 1L;

    public HostTensor {
        if (shape == null || values == null) {
            throw new IllegalArgumentException("shape and values are required");
        }
        long size = elementCount(shape);
        if (size != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + size + " values, got " + values.length);
        }
    }

    /** A tensor of zeros with the given shape. */
    public static HostTensor zeros(long... shape) {
        return new HostTensor(shape.clone(), new float[Math.toIntExact(elementCount(shape))]);
    }

    /** A batch of one image, {@code (1, channels, height, width)}, sharing the image's values. */
    public static HostTensor batchOfOne(FloatImage image) {
        return new HostTensor(new long[] {1, image.channels(), image.height(), image.width()}, image.values());
    }

    /** Number of elements a shape holds; the empty shape is a scalar holding one. */
    public static long elementCount(long[] shape) {
        long size = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, dimension);
        }
        return size;
    }

    /** The shape formatted like {@code [64, 3, 7, 7]}, for messages. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** Whether both tensors have the same shape and bit-identical values. */
    public boolean sameContent(HostTensor other) {
        return Arrays.equals(shape, other.shape) && Arrays.equals(values, other.values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostTensor tensor && sameContent(tensor);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "HostTensor" + shapeText();
    }
}
