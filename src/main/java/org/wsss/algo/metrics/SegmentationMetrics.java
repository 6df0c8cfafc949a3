package org.wsss.algo.metrics;

/**
 * Scores read off a {@link ConfusionMatrix}: per-class IoU {@code TP / (TP + FP + FN)}, their mean over
 * the classes present in ground truth or prediction, pixel accuracy, and the pet/background view.
 *
 * <p>A class that appears nowhere has IoU {@code NaN} and is left out of the mean; with no counted pixel
 * the mean and the accuracy are {@code NaN} as well, since there is nothing to score.
 */
public final class SegmentationMetrics {

    /** Class of the pet in the binary view. */
    public static final int PET = 1;

    private final ConfusionMatrix matrix;
    private final double[] ious;

    private SegmentationMetrics(ConfusionMatrix matrix) {
        this.matrix = matrix;
        this.ious = new double[matrix.numClasses()];
        for (int c = 0; c < ious.length; c++) {
            long truePositives = matrix.count(c, c);
            long union = matrix.truthTotal(c) + matrix.predictedTotal(c) - truePositives;
            ious[c] = union == 0 ? Double.NaN : (double) truePositives / union;
        }
    }

    public static SegmentationMetrics of(ConfusionMatrix matrix) {
        return new SegmentationMetrics(ConfusionMatrix.fromLongArray(matrix.numClasses(), matrix.toLongArray()));
    }

    public int numClasses() {
        return ious.length;
    }

    /** IoU of class {@code c}, {@code NaN} when the class is in neither ground truth nor prediction. */
    public double iou(int c) {
        return ious[c];
    }

    /** Whether class {@code c} occurs in ground truth or prediction. */
    public boolean present(int c) {
        return !Double.isNaN(ious[c]);
    }

    /** Per-class IoUs (a copy). */
    public double[] ious() {
        return ious.clone();
    }

    /** Mean IoU over present classes. */
    public double meanIou() {
        double sum = 0;
        int present = 0;
        for (double iou : ious) {
            if (!Double.isNaN(iou)) {
                sum += iou;
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /** Correct pixels over counted pixels (unpredicted pixels count as wrong). */
    public double pixelAccuracy() {
        long total = matrix.total();
        if (total == 0) {
            return Double.NaN;
        }
        long correct = 0;
        for (int c = 0; c < ious.length; c++) {
            correct += matrix.count(c, c);
        }
        return (double) correct / total;
    }

    /** The same scores with every class above 0 merged into {@link #PET}. */
    public SegmentationMetrics binary() {
        return new SegmentationMetrics(matrix.toBinary());
    }

    /** IoU of the pet (any class above 0) against background. */
    public double foregroundIou() {
        return binary().iou(PET);
    }
}
