package org.wsss.algo.crf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsss.algo.parallel.RangeExecutor;

class PermutohedralLatticeTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void barycentricWeightsAreAPartitionOfUnityOverDistinctCorners(int dim) {
        float[] features = randomFeatures(500, dim, 10, 3);
        LatticeKeyLayout layout = LatticeKeyLayout.forFeatures(features, dim);
        SimplexLocator locator = new SimplexLocator(dim);
        long[] keys = new long[dim + 1];

        for (int p = 0; p < 500; p++) {
            locator.locate(features, p * dim);
            layout.cornerKeys(locator, keys, 0);
            double sum = 0;
            Set<Long> distinct = new HashSet<>();
            for (int r = 0; r <= dim; r++) {
                assertTrue(locator.weight(r) >= -1e-6f, "weight " + locator.weight(r));
                sum += locator.weight(r);
                distinct.add(keys[r]);
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(dim + 1, distinct.size());
        }
    }

    /**
     * Splat and slice are transposes and each axis blur is symmetric, so the filter is nearly a symmetric matrix:
     * the axis blurs do not quite commute where the lattice ends, which leaves a small asymmetry.
     */
    @Test
    void filterIsSymmetric() {
        int pixels = 3000;
        float[] features = randomFeatures(pixels, 3, 6, 5);
        Random random = new Random(9);
        float[] a = new float[pixels];
        float[] b = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            a[p] = random.nextFloat();
            b[p] = random.nextFloat();
        }
        try (RangeExecutor executor = new RangeExecutor(1)) {
            PermutohedralLattice lattice = LatticeBuilder.build(features, 3, pixels, executor);
            float[] ka = new float[pixels];
            float[] kb = new float[pixels];
            lattice.filter(a, 1, ka, executor);
            lattice.filter(b, 1, kb, executor);

            assertEquals(dot(a, kb), dot(ka, b), 1e-3 * Math.abs(dot(a, kb)));
        }
    }

    /** Two clusters 100 standard deviations apart do not exchange anything. */
    @Test
    void distantClustersStayApart() {
        int pixels = 400;
        float[] features = randomFeatures(pixels, 2, 1, 7);
        float[] indicator = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            if (p < pixels / 2) {
                indicator[p] = 1;
            } else {
                features[2 * p] += 100;
            }
        }
        try (RangeExecutor executor = new RangeExecutor(1)) {
            float[] filtered = new float[pixels];
            LatticeBuilder.build(features, 2, pixels, executor).filter(indicator, 1, filtered, executor);

            for (int p = 0; p < pixels; p++) {
                if (p < pixels / 2) {
                    assertTrue(filtered[p] > 0.5f, "inside the cluster: " + filtered[p]);
                } else {
                    assertEquals(0f, filtered[p], "outside the cluster");
                }
            }
        }
    }

    @Test
    void buildsTheSameLatticeWithAnyNumberOfThreads() {
        int pixels = 20000;
        float[] features = randomFeatures(pixels, 5, 8, 11);
        float[] values = new float[2 * pixels];
        Random random = new Random(2);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        float[] single = filter(features, values, 1);

        assertArrayEquals(single, filter(features, values, 2), 0f);
        assertArrayEquals(single, filter(features, values, 3), 0f);
    }

    @ParameterizedTest
    @ValueSource(floats = {2000f, 1e6f})
    void featureRangesTooWideForTheKeyAreRejected(float spread) {
        float[] features = {0, 0, 0, 0, 0, spread, spread, spread, spread, spread};

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LatticeKeyLayout.forFeatures(features, 5));
        assertTrue(error.getMessage().contains("feature range too wide"), error.getMessage());
    }

    @Test
    void hashTableNumbersKeysInInsertionOrderAndGrows() {
        LatticeHashTable table = new LatticeHashTable(4);
        for (long k = 0; k < 10_000; k++) {
            assertEquals((int) k, table.findOrInsert(k * 7919));
        }
        assertEquals(10_000, table.size());
        for (long k = 0; k < 10_000; k++) {
            assertEquals((int) k, table.find(k * 7919));
            assertEquals(k * 7919, table.keyOf((int) k));
        }
        assertEquals(-1, table.find(5));
    }

    private static float[] filter(float[] features, float[] values, int threads) {
        int pixels = values.length / 2;
        try (RangeExecutor executor = new RangeExecutor(threads)) {
            float[] out = new float[values.length];
            LatticeBuilder.build(features, 5, pixels, executor).filter(values, 2, out, executor);
            return out;
        }
    }

    private static float[] randomFeatures(int pixels, int dim, float spread, long seed) {
        Random random = new Random(seed);
        float[] features = new float[pixels * dim];
        for (int i = 0; i < features.length; i++) {
            features[i] = spread * random.nextFloat();
        }
        return features;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
