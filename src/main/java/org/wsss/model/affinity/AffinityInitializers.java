package org.wsss.model.affinity;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import ai.djl.training.initializer.XavierInitializer;

/**
 * The initial distributions of AffinityNet's new layers, stated in PyTorch's terms (which PSA used) and built from
 * DJL's {@link XavierInitializer}.
 *
 * <p>DJL's Xavier draws from {@code U(-c, c)} or {@code N(0, c)} with {@code c = sqrt(magnitude / factor)}, where
 * the factor is {@code fan_in}, {@code fan_out} or their average. So:
 * <ul>
 *   <li>PyTorch's {@code kaiming_normal_} (fan-in mode, ReLU gain, std {@code sqrt(2 / fan_in)}) is Gaussian, fan
 *       in, magnitude 2;
 *   <li>PyTorch's {@code xavier_uniform_} with gain g (bound {@code g * sqrt(6 / (fan_in + fan_out))}) is uniform,
 *       average factor, magnitude {@code 3 g^2}: gain 1 is DJL's default magnitude 3, and gain 4 is magnitude 48,
 *       whose bound and standard deviation are 4 times those of gain 1.
 * </ul>
 *
 * <p>These draw from the engine's generator, as the backbone's default initialisers do; seed it with
 * {@code Engine.getInstance().setRandomSeed} for a reproducible network. A DJL trainer configured with its own
 * weight initialiser ({@code DefaultTrainingConfig.optInitializer}) would replace them: leave that unset.
 */
public final class AffinityInitializers {

    /** PSA's gain for the last layer: large initial feature differences, so affinities start low. */
    public static final float FUSION_GAIN = 4f;

    private static final float KAIMING_MAGNITUDE = 2f;
    private static final float XAVIER_UNIFORM_MAGNITUDE_PER_SQUARED_GAIN = 3f;

    private AffinityInitializers() {}

    /** He normal initialisation for the stage projections: {@code N(0, sqrt(2 / fan_in))}. */
    public static Initializer kaimingNormal() {
        return new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, KAIMING_MAGNITUDE);
    }

    /** Glorot uniform initialisation with PyTorch's gain: {@code U(-b, b)}, {@code b = gain sqrt(6 / (in + out))}. */
    public static Initializer xavierUniform(float gain) {
        return new XavierInitializer(RandomType.UNIFORM, FactorType.AVG, xavierUniformMagnitude(gain));
    }

    /** DJL's Xavier magnitude equivalent to PyTorch's {@code xavier_uniform_} gain. */
    public static float xavierUniformMagnitude(float gain) {
        if (!(gain > 0)) {
            throw new IllegalArgumentException("gain must be positive, got " + gain);
        }
        return XAVIER_UNIFORM_MAGNITUDE_PER_SQUARED_GAIN * gain * gain;
    }
}
