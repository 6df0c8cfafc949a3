package org.wsss.jobs.affinity;

import java.io.Serial;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.wsss.algo.affinity.PairKind;
import org.wsss.algo.affinity.PairLabels;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;
import org.wsss.io.Storage;
import org.wsss.jobs.train.RoundEvaluator;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.affinity.AffinityNet;
import org.wsss.model.affinity.StridePadding;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.train.TrainableNetwork;

/**
 * How well AffinityNet separates its own training labels on whole images (no augmentation, padded to the stride):
 * a labelled pair counts as right when its affinity is above one half for a positive pair and below for a negative
 * one. The figure is balanced, the mean of the per-kind rates, because background pairs vastly outnumber the rest
 * and would otherwise hide whether boundaries are learnt. Chance is 0.5.
 */
public final class AffinityPairAccuracy implements RoundEvaluator<AffinitySample> {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final float DECISION = 0.5f;
    private static final double CHANCE = 0.5;

    private final Storage storage;

    public AffinityPairAccuracy(Storage storage) {
        this.storage = storage;
    }

    @Override
    public double evaluate(TrainableNetwork network, List<AffinitySample> samples) {
        AffinityModel model = (AffinityModel) network;
        Tally tally = new Tally();
        for (AffinitySample sample : samples) {
            FloatImage image = AffinitySampleSource.decodeImage(storage, sample);
            LabelMap labels = AffinitySampleSource.decodeLabels(sample, image, AffinityNet.OUTPUT_STRIDE);
            FloatImage normalised = ImageNetNormalization.normalize(image);
            ChannelStack padded = StridePadding.padBottomRight(new ChannelStack(normalised.channels(),
                    normalised.height(), normalised.width(), normalised.values()), AffinityNet.OUTPUT_STRIDE);
            HostTensor affinities = model.pairAffinities(new HostTensor(
                    new long[] {1, padded.channels(), padded.height(), padded.width()}, padded.values()));
            tally.add(PairLabels.of(labels, model.offsets()), affinities.values());
        }
        return tally.balancedAccuracy();
    }

    /** Right and labelled pairs per kind, pooled over images. */
    static final class Tally {
        private final Map<PairKind, long[]> counts = new EnumMap<>(PairKind.class);

        /** Adds one image's pairs; {@code affinities} in the labels' layout (offset-major). */
        void add(PairLabels labels, float[] affinities) {
            if (affinities.length != labels.size()) {
                throw new IllegalArgumentException(labels.size() + " pair labels but " + affinities.length
                        + " affinities");
            }
            PairOffsets offsets = labels.offsets();
            for (int offset = 0; offset < offsets.count(); offset++) {
                for (int source = 0; source < labels.pairsPerOffset(); source++) {
                    PairKind kind = labels.kind(offset, source);
                    if (kind == PairKind.UNLABELLED) continue;
                    float affinity = affinities[offset * labels.pairsPerOffset() + source];
                    boolean right = kind == PairKind.NEGATIVE ? affinity < DECISION : affinity > DECISION;
                    long[] count = counts.computeIfAbsent(kind, k -> new long[2]);
                    if (right) count[0]++;
                    count[1]++;
                }
            }
        }

        /** Mean over the kinds seen of the share of right pairs; chance when no pair is labelled. */
        double balancedAccuracy() {
            if (counts.isEmpty()) return CHANCE;
            double sum = 0;
            for (long[] count : counts.values()) sum += (double) count[0] / count[1];
            return sum / counts.size();
        }
    }
}
