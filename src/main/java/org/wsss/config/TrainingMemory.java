package org.wsss.config;

import org.wsss.algo.affinity.PairOffsets;
import org.wsss.model.affinity.AffinityNet;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.BackboneShapes;
import org.wsss.model.backbone.ResNetLayer;
import org.wsss.model.backbone.UnitType;

/**
 * Estimates of the native (PyTorch) memory one training task needs, so that the micro-batch can be chosen, and a
 * setting that cannot fit refused, before anything runs. The JVM heap is no guide: tensors live outside it.
 *
 * <p>Per image, the estimate walks the network's shapes and counts every tensor a training forward pass keeps until
 * its backward pass: each convolution's, batch norm's, ReLU's and residual addition's output in the stride-8
 * ResNet (stem at 1/2, stage 1 at 1/4, the rest at 1/8 of the crop's side), plus the head (the classifier's dropout
 * output; AffinityNet's projections and its per-offset feature differences, see
 * {@link org.wsss.model.affinity.PairAffinities}). The backward pass needs gradient buffers on top of that, so the
 * count is scaled by {@link #BACKWARD_FACTOR}, measured once (docs/BENCHMARKS.md, "Training memory"). The fixed part
 * is the parameters with their gradients and momentum, plus the engine's own footprint.
 */
public final class TrainingMemory {

    /** Which network is trained on the backbone. */
    public enum Network { CLASSIFIER, AFFINITY, SEGMENTATION }

    private static final long FLOAT_BYTES = 4;
    /** Parameter, gradient and momentum per trainable value. */
    private static final long COPIES_PER_PARAMETER = 3;
    /**
     * Peak memory of a step per byte of forward activations counted from the shapes: ResNet-50 at crop 448 counts
     * 1331 MiB per image, and one more image per micro-batch raised the measured peak by 1909 MiB (x 1.43; 2542 MiB
     * at micro-batch 1, 4451 MiB at 2, docs/BENCHMARKS.md "Training memory"), rounded up.
     */
    static final double BACKWARD_FACTOR = 1.45;
    /**
     * The rest of a task's footprint (libtorch, its thread pools and allocator caches, the JVM): the measured peak
     * extrapolated to zero images (633 MiB) less ResNet-50's parameters, gradients and momentum (282 MiB), rounded up.
     */
    static final long ENGINE_BYTES = 384L << 20;
    /** Tensors kept per unit for a 1x1 or 3x3 convolution followed by batch norm and ReLU. */
    private static final int CONV_BN_RELU = 3;
    /** Convolution and batch norm without an activation (a unit's last, or its projected shortcut). */
    private static final int CONV_BN = 2;
    /** The residual addition and its ReLU. */
    private static final int ADD_RELU = 2;
    /** AffinityNet keeps a difference and its absolute value per offset and channel. */
    private static final int PAIR_TENSORS_PER_OFFSET = 2;
    /** AffinityNet's head: projection, ELU, concatenation, fusion, ELU over its feature channels. */
    private static final int AFFINITY_HEAD_TENSORS = 5;
    /** The segmentation network's classes at most (background and the 37 breeds). */
    private static final int SEGMENTATION_CLASSES = 38;
    /** Its ASPP head: four branches' scores and their sum, at feature stride. */
    private static final int ASPP_TENSORS = 5;
    /** At full resolution: upsampled scores, log-softmax, the one-hot labels and their product. */
    private static final int FULL_RESOLUTION_SCORE_TENSORS = 4;

    private TrainingMemory() {}

    /** Bytes one image adds to a training step of {@code network} at a square crop of {@code crop} pixels. */
    public static long bytesPerImage(BackboneKind kind, int crop, Network network) {
        BackboneShapes shapes = BackboneShapes.of(kind, crop, crop);
        double elements = CONV_BN_RELU * kind.stemChannels() * (double) shapes.stemPixels()
                + kind.stemChannels() * (double) shapes.units().get(0).inPixels(); // the max-pool's output
        for (BackboneShapes.Unit unit : shapes.units()) {
            elements += unitElements(kind.unitType(), unit);
        }
        double featurePixels = shapes.units().get(shapes.units().size() - 1).outPixels();
        elements += switch (network) {
            case CLASSIFIER -> kind.outputChannels(ResNetLayer.LAYER4) * featurePixels;
            case AFFINITY -> (AFFINITY_HEAD_TENSORS
                    + PAIR_TENSORS_PER_OFFSET * PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS).count())
                    * (double) AffinityNet.FEATURE_CHANNELS * featurePixels;
            case SEGMENTATION -> (double) SEGMENTATION_CLASSES
                    * (ASPP_TENSORS * featurePixels + FULL_RESOLUTION_SCORE_TENSORS * (double) crop * crop);
        };
        return (long) Math.ceil(elements * FLOAT_BYTES * BACKWARD_FACTOR);
    }

    /** Bytes a training task needs whatever its micro-batch: parameters, gradients, momentum and the engine. */
    public static long fixedBytes(BackboneKind kind) {
        return parameterCount(kind) * FLOAT_BYTES * COPIES_PER_PARAMETER + ENGINE_BYTES;
    }

    /** Estimated peak of a training step that runs {@code microBatch} images at once. */
    public static long stepBytes(BackboneKind kind, int crop, Network network, int microBatch) {
        return fixedBytes(kind) + microBatch * bytesPerImage(kind, crop, network);
    }

    /** The largest micro-batch, up to {@code batchSize}, whose step fits {@code budgetBytes}; 0 if not even one. */
    public static int largestMicroBatch(BackboneKind kind, int crop, Network network, int batchSize, long budgetBytes) {
        long spare = budgetBytes - fixedBytes(kind);
        long perImage = bytesPerImage(kind, crop, network);
        return spare < perImage ? 0 : (int) Math.min(batchSize, spare / perImage);
    }

    private static double unitElements(UnitType type, BackboneShapes.Unit unit) {
        double width = unit.width();
        double out = unit.outChannels();
        double shortcut = unit.projected() ? CONV_BN * out * unit.outPixels() : 0;
        if (type == UnitType.BOTTLENECK) {
            // 1x1 at the input's resolution, 3x3 (carrying the stride) and the expanding 1x1 at the output's.
            return CONV_BN_RELU * width * unit.inPixels() + CONV_BN_RELU * width * unit.outPixels()
                    + (CONV_BN + ADD_RELU) * out * unit.outPixels() + shortcut;
        }
        return (CONV_BN_RELU + CONV_BN + ADD_RELU) * width * unit.outPixels() + shortcut;
    }

    /** Trainable values of the backbone: convolution weights and batch-norm scales and shifts. */
    static long parameterCount(BackboneKind kind) {
        final int stemKernel = 7 * 7;
        final int rgb = 3;
        long count = (long) rgb * kind.stemChannels() * stemKernel + 2L * kind.stemChannels();
        int anySize = BackboneKind.OUTPUT_STRIDE; // channels do not depend on the image size
        for (BackboneShapes.Unit unit : BackboneShapes.of(kind, anySize, anySize).units()) {
            long in = unit.inChannels();
            long width = unit.width();
            long out = unit.outChannels();
            count += kind.unitType() == UnitType.BOTTLENECK
                    ? in * width + 9 * width * width + width * out + 4 * width + 2 * out
                    : 9 * in * width + 9 * width * width + 4 * width;
            if (unit.projected()) count += in * out + 2 * out;
        }
        return count;
    }
}
