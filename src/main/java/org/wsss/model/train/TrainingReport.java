package org.wsss.model.train;

/**
 * What a round of training did.
 *
 * @param round the round trained
 * @param samplesSeen samples consumed (steps x batch size)
 * @param losses the loss of each step, in order
 * @param seconds wall-clock time of the round
 */
public record TrainingReport(TrainingRound round, long samplesSeen, float[] losses, double seconds) {

    /** Mean loss over the round's steps. */
    public double meanLoss() {
        double sum = 0;
        for (float loss : losses) {
            sum += loss;
        }
        return sum / losses.length;
    }

    /** Mean loss over the last {@code count} steps (all if fewer). */
    public double meanLossOfLast(int count) {
        int from = Math.max(0, losses.length - count);
        double sum = 0;
        for (int i = from; i < losses.length; i++) {
            sum += losses[i];
        }
        return sum / (losses.length - from);
    }

    /** Training throughput. */
    public double samplesPerSecond() {
        return samplesSeen / seconds;
    }
}
