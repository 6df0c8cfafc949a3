package org.wsss.algo.metrics;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import org.wsss.algo.maps.LabelMap;

/**
 * Pixel counts by (ground truth, prediction) over classes {@code 0..numClasses-1}, class 0 background.
 *
 * <p>Ground truth {@link LabelMap#IGNORE} is skipped. A prediction of {@link LabelMap#IGNORE} means "no
 * prediction" (e.g. an unconfident pixel): it is counted in an extra column, so it costs its true class
 * a false negative and pixel accuracy a miss, but is no false positive for any class. Any other label
 * outside {@code 0..numClasses-1} is an error.
 *
 * <p>Counts are longs in one array, {@code numClasses x (numClasses + 1)} row-major by truth, the last
 * column holding unpredicted pixels; {@link #toLongArray()} and {@link #fromLongArray} expose it so
 * partial matrices can be summed cheaply in a distributed aggregation.
 */
public final class ConfusionMatrix implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Oxford-IIIT Pet: background and 37 breeds. */
    public static final int DEFAULT_CLASSES = 38;

    private final int numClasses;
    private final long[] counts;

    /** An empty matrix of {@link #DEFAULT_CLASSES} classes. */
    public ConfusionMatrix() {
        this(DEFAULT_CLASSES);
    }

    /** An empty matrix. */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 2 || numClasses > LabelMap.IGNORE) {
            throw new IllegalArgumentException("numClasses must lie in 2.." + LabelMap.IGNORE + ", got " + numClasses);
        }
        this.numClasses = numClasses;
        this.counts = new long[numClasses * (numClasses + 1)];
    }

    /** A matrix holding a copy of counts from {@link #toLongArray()}. */
    public static ConfusionMatrix fromLongArray(int numClasses, long[] counts) {
        ConfusionMatrix matrix = new ConfusionMatrix(numClasses);
        if (counts.length != matrix.counts.length) {
            throw new IllegalArgumentException(numClasses + " classes need " + matrix.counts.length
                    + " counts, got " + counts.length);
        }
        System.arraycopy(counts, 0, matrix.counts, 0, counts.length);
        return matrix;
    }

    /** A copy of the counts, in the layout described on the class. */
    public long[] toLongArray() {
        return counts.clone();
    }

    public int numClasses() {
        return numClasses;
    }

    /** Counts every pixel; returns this. */
    public ConfusionMatrix add(byte[] truth, int[] prediction) {
        requireSameLength(truth.length, prediction.length);
        for (int pixel = 0; pixel < truth.length; pixel++) {
            add(Byte.toUnsignedInt(truth[pixel]), prediction[pixel]);
        }
        return this;
    }

    /** Counts every pixel; returns this. */
    public ConfusionMatrix add(byte[] truth, byte[] prediction) {
        requireSameLength(truth.length, prediction.length);
        for (int pixel = 0; pixel < truth.length; pixel++) {
            add(Byte.toUnsignedInt(truth[pixel]), Byte.toUnsignedInt(prediction[pixel]));
        }
        return this;
    }

    /** Counts every pixel; returns this. */
    public ConfusionMatrix add(int[] truth, int[] prediction) {
        requireSameLength(truth.length, prediction.length);
        for (int pixel = 0; pixel < truth.length; pixel++) {
            add(truth[pixel], prediction[pixel]);
        }
        return this;
    }

    /** Counts one pixel; returns this. */
    public ConfusionMatrix add(int truth, int prediction) {
        if (truth == LabelMap.IGNORE) {
            return this;
        }
        requireClass("ground truth", truth);
        int column = prediction == LabelMap.IGNORE ? numClasses : prediction;
        if (column != numClasses) {
            requireClass("prediction", prediction);
        }
        counts[truth * (numClasses + 1) + column]++;
        return this;
    }

    /** Adds another matrix's counts into this one; returns this. */
    public ConfusionMatrix merge(ConfusionMatrix other) {
        if (other.numClasses != numClasses) {
            throw new IllegalArgumentException("cannot merge " + other.numClasses + " classes into " + numClasses);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        return this;
    }

    /** Pixels of true class {@code truth} predicted as {@code prediction}. */
    public long count(int truth, int prediction) {
        requireClass("ground truth", truth);
        requireClass("prediction", prediction);
        return counts[truth * (numClasses + 1) + prediction];
    }

    /** Pixels of true class {@code truth} with no prediction. */
    public long unpredicted(int truth) {
        requireClass("ground truth", truth);
        return counts[truth * (numClasses + 1) + numClasses];
    }

    /** Pixels of true class {@code truth}, predicted or not. */
    public long truthTotal(int truth) {
        requireClass("ground truth", truth);
        long total = 0;
        for (int column = 0; column <= numClasses; column++) {
            total += counts[truth * (numClasses + 1) + column];
        }
        return total;
    }

    /** Pixels predicted as {@code prediction}. */
    public long predictedTotal(int prediction) {
        requireClass("prediction", prediction);
        long total = 0;
        for (int truth = 0; truth < numClasses; truth++) {
            total += counts[truth * (numClasses + 1) + prediction];
        }
        return total;
    }

    /** All counted pixels (ignored ground truth excluded). */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** The pet/background view: class 0 stays background, every other class becomes class 1. */
    public ConfusionMatrix toBinary() {
        ConfusionMatrix binary = new ConfusionMatrix(2);
        for (int truth = 0; truth < numClasses; truth++) {
            for (int column = 0; column <= numClasses; column++) {
                int binaryColumn = column == numClasses ? 2 : Math.min(column, 1);
                binary.counts[Math.min(truth, 1) * 3 + binaryColumn] += counts[truth * (numClasses + 1) + column];
            }
        }
        return binary;
    }

    private void requireClass(String role, int label) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException(role + " label " + label + " is outside 0.." + (numClasses - 1)
                    + " and is not the ignore label " + LabelMap.IGNORE);
        }
    }

    private static void requireSameLength(int truth, int prediction) {
        if (truth != prediction) {
            throw new IllegalArgumentException("ground truth has " + truth + " pixels, prediction " + prediction);
        }
    }
}
