package org.wsss.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Weight initialisers that draw from a Java {@link SplittableRandom} instead of the engine's global generator.
 *
 * <p>The engine's generator is shared by every task of an executor JVM, so a network initialised from it depends on
 * what ran before; drawing from a seeded Java stream makes a freshly built network a pure function of its seed. One
 * instance draws sequentially, so parameters initialised in the same order get the same values.
 */
public final class SeededInitializer implements Initializer {

    /** Which fan a variance-scaling initialiser divides by. */
    public enum FanMode {
        /** Input channels times kernel area (PyTorch's default for {@code kaiming_normal_}). */
        FAN_IN,
        /** Output channels times kernel area (torchvision's choice for ResNet convolutions). */
        FAN_OUT
    }

    private enum Distribution {
        KAIMING_NORMAL,
        XAVIER_UNIFORM
    }

    private static final double RELU_GAIN_SQUARED = 2.0;
    private static final double XAVIER_UNIFORM_SCALE = 6.0;

    private final Distribution distribution;
    private final FanMode fanMode;
    private final double gain;
    private final SplittableRandom random;

    private SeededInitializer(Distribution distribution, FanMode fanMode, double gain, long seed) {
        this.distribution = distribution;
        this.fanMode = fanMode;
        this.gain = gain;
        this.random = new SplittableRandom(seed);
    }

    /** He et al. normal initialisation for layers followed by ReLU: std = sqrt(2 / fan). */
    public static SeededInitializer kaimingNormal(FanMode fanMode, long seed) {
        return new SeededInitializer(Distribution.KAIMING_NORMAL, fanMode, 1.0, seed);
    }

    /** Glorot uniform initialisation: bound = gain * sqrt(6 / (fan_in + fan_out)). */
    public static SeededInitializer xavierUniform(double gain, long seed) {
        return new SeededInitializer(Distribution.XAVIER_UNIFORM, FanMode.FAN_IN, gain, seed);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("fan-based initialisation needs a weight of rank >= 2, got " + shape);
        }
        long receptiveField = shape.size() / (shape.get(0) * shape.get(1));
        double fanIn = shape.get(1) * (double) receptiveField;
        double fanOut = shape.get(0) * (double) receptiveField;
        float[] values = new float[Math.toIntExact(shape.size())];
        if (distribution == Distribution.KAIMING_NORMAL) {
            double fan = fanMode == FanMode.FAN_IN ? fanIn : fanOut;
            double std = Math.sqrt(RELU_GAIN_SQUARED / fan);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * std);
            }
        } else {
            double bound = gain * Math.sqrt(XAVIER_UNIFORM_SCALE / (fanIn + fanOut));
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextDouble(-bound, bound);
            }
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
