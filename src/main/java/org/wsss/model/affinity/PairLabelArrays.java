package org.wsss.model.affinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.wsss.algo.affinity.PairKind;
import org.wsss.algo.affinity.PairLabels;
import org.wsss.model.nn.HostTensor;

/**
 * Turns pair labels into the label planes {@link AffinityLoss} reads: either three arrays {@code (N, offsets,
 * sources)}, or one training sample's planes stacked into a {@code (3, offsets, sources)} host tensor, which a
 * training batch stacks into {@code (N, 3, offsets, sources)} and {@link #unstack} splits again.
 */
public final class PairLabelArrays {

    /** Axis of a stacked batch {@code (N, planes, offsets, sources)} along which the planes lie. */
    public static final int PLANE_AXIS = 1;
    private static final int STACKED_RANK = 4;

    private PairLabelArrays() {}

    /** One image's planes in {@link AffinityLoss#LABEL_ORDER}, {@code (3, offsets, sources)}, as a training label. */
    public static HostTensor stackedPlanes(PairLabels labels) {
        int perPlane = labels.size();
        float[] values = new float[Math.multiplyExact(AffinityLoss.LABEL_ORDER.size(), perPlane)];
        for (int plane = 0; plane < AffinityLoss.LABEL_ORDER.size(); plane++) {
            System.arraycopy(labels.mask(AffinityLoss.LABEL_ORDER.get(plane)), 0, values, plane * perPlane, perPlane);
        }
        return new HostTensor(new long[] {AffinityLoss.LABEL_ORDER.size(), labels.offsets().count(),
            labels.pairsPerOffset()}, values);
    }

    /**
     * The three planes {@code (N, offsets, sources)} of a stacked batch {@code (N, 3, offsets, sources)}.
     *
     * @throws IllegalArgumentException if {@code stacked} is not of that shape
     */
    public static NDList unstack(NDArray stacked) {
        Shape shape = stacked.getShape();
        if (shape.dimension() != STACKED_RANK || shape.get(PLANE_AXIS) != AffinityLoss.LABEL_ORDER.size()) {
            throw new IllegalArgumentException("expected stacked label planes (N, " + AffinityLoss.LABEL_ORDER.size()
                    + ", offsets, sources) in the order " + AffinityLoss.LABEL_ORDER + ", got " + shape);
        }
        NDList planes = new NDList(AffinityLoss.LABEL_ORDER.size());
        for (int plane = 0; plane < AffinityLoss.LABEL_ORDER.size(); plane++) {
            planes.add(stacked.get(new NDIndex().addAllDim().addIndices(plane)));
        }
        return planes;
    }

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
