package org.wsss.model.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.wsss.model.nn.SeededInitializer;

/**
 * DeepLab v2's atrous spatial pyramid pooling classifier: parallel 3x3 convolutions with dilation rates 6, 12, 18
 * and 24 on the stride-8 features, each straight to class scores (with bias), summed. The rates see context at four
 * scales without lowering the resolution; padding equal to the rate keeps every branch on the feature grid, so odd
 * grid sizes stay as they are. Children are {@code rate6}, {@code rate12}, ...
 */
public final class AsppHead extends AbstractBlock {
    /** DeepLab v2's rates for output stride 8. */
    public static final List<Integer> RATES = List.of(6, 12, 18, 24);

    private static final byte VERSION = 1;
    private static final int KERNEL = 3;

    private final List<Conv2d> branches = new ArrayList<>();
    private final int numClasses;

    public AsppHead(int numClasses) {
        super(VERSION);
        if (numClasses < 2) throw new IllegalArgumentException("a segmentation head needs at least 2 classes");
        this.numClasses = numClasses;
        for (int rate : RATES) {
            branches.add(addChildBlock("rate" + rate, Conv2d.builder()
                    .setFilters(numClasses)
                    .setKernelShape(new Shape(KERNEL, KERNEL))
                    .optDilation(new Shape(rate, rate))
                    .optPadding(new Shape(rate, rate))
                    .build()));
        }
    }

    /** Draws the branches' weights from {@code seed} (Xavier uniform) instead of the engine's generator. */
    public void seedWeights(long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        for (Conv2d branch : branches) {
            branch.setInitializer(SeededInitializer.xavierUniform(1.0, seeds.nextLong()), Parameter.Type.WEIGHT);
        }
    }

    public int numClasses() {
        return numClasses;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray sum = null;
        for (Conv2d branch : branches) {
            NDArray scores = branch.forward(parameterStore, inputs, training, params).singletonOrThrow();
            sum = sum == null ? scores : sum.add(scores);
        }
        return new NDList(sum);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Conv2d branch : branches) branch.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape features = inputShapes[0];
        return new Shape[] {new Shape(features.get(0), numClasses, features.get(2), features.get(3))};
    }
}
