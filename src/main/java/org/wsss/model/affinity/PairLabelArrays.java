package org.wsss.model.affinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.wsss.algo.affinity.PairKind;
import org.wsss.algo.affinity.PairLabels;

/** Turns the pair labels of a batch into the label planes {@link AffinityLoss} reads. */
public final class PairLabelArrays {

    private PairLabelArrays() {}

    /**
     * One float 0/1 array {@code (N, offsets, sources)} per kind of {@link AffinityLoss#LABEL_ORDER}, owned by
     * {@code manager}.
     *
     * @throws IllegalArgumentException for an empty batch or one whose label maps differ in size or pair set
     */
    public static NDList of(NDManager manager, List<PairLabels> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one label map");
        }
        PairLabels first = batch.get(0);
        int offsets = first.offsets().count();
        int sources = first.pairsPerOffset();
        for (PairLabels labels : batch) {
            if (labels.offsets().count() != offsets || labels.pairsPerOffset() != sources) {
                throw new IllegalArgumentException("pair labels of one batch must share a shape: " + offsets + " x "
                        + sources + " and " + labels.offsets().count() + " x " + labels.pairsPerOffset());
            }
        }
        int perImage = offsets * sources;
        NDList planes = new NDList(AffinityLoss.LABEL_ORDER.size());
        for (PairKind kind : AffinityLoss.LABEL_ORDER) {
            float[] values = new float[Math.multiplyExact(batch.size(), perImage)];
            for (int image = 0; image < batch.size(); image++) {
                System.arraycopy(batch.get(image).mask(kind), 0, values, image * perImage, perImage);
            }
            NDArray plane = manager.create(values, new Shape(batch.size(), offsets, sources));
            planes.add(plane);
        }
        return planes;
    }
}
