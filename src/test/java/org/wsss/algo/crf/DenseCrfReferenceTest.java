package org.wsss.algo.crf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Agreement with the C++ DenseCRF2D (the code pydensecrf wraps) on PSA's settings. */
class DenseCrfReferenceTest {

    /** The project's acceptance bar. */
    private static final double MIN_ARGMAX_AGREEMENT = 0.998;
    private static final double MAX_MEAN_ABS_DIFF = 0.005;
    /** A faithful port of the lattice lands far below this; a looser one passes the bar but not this. */
    private static final double FAITHFUL_MEAN_ABS_DIFF = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {CrfReferenceCase.CASE1, CrfReferenceCase.CASE2})
    void matchesTheReferenceImplementation(String name) {
        CrfReferenceCase reference = CrfReferenceCase.load(name);

        CrfAgreement agreement = agreement(reference, CrfSettings.psaDefaults(), 1);

        System.out.println(name + ": " + agreement);
        assertTrue(agreement.argmaxAgreement() >= MIN_ARGMAX_AGREEMENT, name + ": " + agreement);
        assertTrue(agreement.meanAbsDiff() < MAX_MEAN_ABS_DIFF, name + ": " + agreement);
        assertTrue(agreement.meanAbsDiff() < FAITHFUL_MEAN_ABS_DIFF, name + ": " + agreement);
    }

    static Stream<Arguments> wrongSettings() {
        CrfSettings psa = CrfSettings.psaDefaults();
        return Stream.of(
                Arguments.of("gaussian sxy 5", new CrfSettings(5, 3, 80, 13, 10, 10, 1e-5)),
                Arguments.of("gaussian compat 5", new CrfSettings(3, 5, 80, 13, 10, 10, 1e-5)),
                Arguments.of("bilateral sxy 60", new CrfSettings(3, 3, 60, 13, 10, 10, 1e-5)),
                Arguments.of("bilateral srgb 10", new CrfSettings(3, 3, 80, 10, 10, 10, 1e-5)),
                Arguments.of("bilateral compat 7", new CrfSettings(3, 3, 80, 13, 7, 10, 1e-5)),
                Arguments.of("9 iterations", psa.withIterations(9)));
    }

    /** The 3-label case is sensitive enough that each of these misses the acceptance bar. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongSettings")
    void wrongSettingsMissTheBar(String description, CrfSettings wrong) {
        CrfReferenceCase reference = CrfReferenceCase.load(CrfReferenceCase.CASE2);

        CrfAgreement agreement = agreement(reference, wrong, 1);

        System.out.println(description + ": " + agreement);
        assertTrue(agreement.argmaxAgreement() < MIN_ARGMAX_AGREEMENT || agreement.meanAbsDiff() >= MAX_MEAN_ABS_DIFF,
                description + " should not pass: " + agreement);
    }

    @Test
    void twoThreadsGiveTheSameMarginals() {
        CrfReferenceCase reference = CrfReferenceCase.load(CrfReferenceCase.CASE2);

        float[] single = infer(reference, CrfSettings.psaDefaults(), 1);
        float[] parallel = infer(reference, CrfSettings.psaDefaults(), 2);

        assertArrayEquals(single, parallel, 1e-6f);
    }

    private static CrfAgreement agreement(CrfReferenceCase reference, CrfSettings settings, int threads) {
        float[] q = infer(reference, settings, threads);
        return CrfAgreement.between(q, reference.expectedQ(), reference.labels(), reference.pixels());
    }

    private static float[] infer(CrfReferenceCase reference, CrfSettings settings, int threads) {
        return new DenseCrf(settings, threads).infer(reference.rgb(), reference.scores(), reference.labels(),
                reference.height(), reference.width());
    }
}
