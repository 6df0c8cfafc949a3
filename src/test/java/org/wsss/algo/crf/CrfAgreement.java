package org.wsss.algo.crf;

/** How closely two Q arrays ({@code labels x pixels}) agree. */
public record CrfAgreement(double argmaxAgreement, double meanAbsDiff, double maxAbsDiff) {

    public static CrfAgreement between(float[] actual, float[] expected, int labels, int pixels) {
        int[] actualLabels = DenseCrf.argmax(actual, labels, pixels);
        int[] expectedLabels = DenseCrf.argmax(expected, labels, pixels);
        int equal = 0;
        for (int p = 0; p < pixels; p++) {
            if (actualLabels[p] == expectedLabels[p]) {
                equal++;
            }
        }
        double sum = 0;
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            sum += diff;
            max = Math.max(max, diff);
        }
        return new CrfAgreement((double) equal / pixels, sum / expected.length, max);
    }

    @Override
    public String toString() {
        return String.format("argmax %.4f%%, mean |dQ| %.3g, max |dQ| %.3g", 100 * argmaxAgreement, meanAbsDiff,
                maxAbsDiff);
    }
}
