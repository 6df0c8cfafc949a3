package org.wsss.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * 2-D batch normalisation that can be frozen.
 *
 * <p>Trainable (the default for networks trained from scratch): batch statistics in training with the running
 * statistics updated, running statistics at inference, learnable scale and shift. Frozen (for networks starting
 * from ImageNet weights, ALGORITHM.md section 1): always the running statistics, which never change, and scale and
 * shift marked as not requiring gradients so no optimiser touches them. DJL's own {@code BatchNorm} cannot do the
 * frozen half: it always uses batch statistics when the forward pass is a training pass.
 *
 * <p>Parameters are named like PyTorch's ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var})
 * and typed like DJL's ({@code GAMMA}, {@code BETA}, {@code RUNNING_MEAN}, {@code RUNNING_VAR}).
 */
public final class FreezableBatchNorm extends AbstractBlock {

    /** PyTorch's default epsilon, which torchvision's ResNet weights were trained with. */
    public static final float EPSILON = 1e-5f;

    /** Fraction of the old running statistic kept per step (DJL convention; PyTorch's momentum 0.1). */
    private static final float RUNNING_AVERAGE_KEEP = 0.9f;

    private static final byte VERSION = 1;
    private static final int CHANNEL_AXIS = 1;

    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private boolean frozen;
    private long channels;

    /**
     * @param frozen whether to start frozen (see {@link #setFrozen(boolean)})
     */
    public FreezableBatchNorm(boolean frozen) {
        super(VERSION);
        weight = addParameter(parameter("weight", Parameter.Type.GAMMA, true));
        bias = addParameter(parameter("bias", Parameter.Type.BETA, true));
        runningMean = addParameter(parameter("running_mean", Parameter.Type.RUNNING_MEAN, false));
        runningVar = addParameter(parameter("running_var", Parameter.Type.RUNNING_VAR, false));
        setFrozen(frozen);
    }

    private static Parameter parameter(String name, Parameter.Type type, boolean trainable) {
        return Parameter.builder().setName(name).setType(type).optRequiresGrad(trainable).build();
    }

    /**
     * Freezes or unfreezes this layer. Call it before a trainer is created: DJL's trainers read
     * {@link Parameter#requiresGradient()} when they first see a parameter.
     */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
        weight.freeze(frozen);
        bias.freeze(frozen);
    }

    /** Whether this layer always uses its running statistics and keeps its affine parameters fixed. */
    public boolean isFrozen() {
        return frozen;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        boolean batchStatistics = training && !frozen;
        return BatchNorm.batchNorm(
                input,
                parameterStore.getValue(runningMean, input.getDevice(), training),
                parameterStore.getValue(runningVar, input.getDevice(), training),
                parameterStore.getValue(weight, input.getDevice(), training),
                parameterStore.getValue(bias, input.getDevice(), training),
                CHANNEL_AXIS,
                RUNNING_AVERAGE_KEEP,
                EPSILON,
                batchStatistics);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(CHANNEL_AXIS);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape perChannel = new Shape(channels);
        weight.setShape(perChannel);
        bias.setShape(perChannel);
        runningMean.setShape(perChannel);
        runningVar.setShape(perChannel);
    }
}
