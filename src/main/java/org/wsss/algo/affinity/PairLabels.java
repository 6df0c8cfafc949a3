package org.wsss.algo.affinity;

import java.util.EnumMap;
import java.util.Map;
import org.wsss.algo.affinity.PairOffsets.SourceWindow;
import org.wsss.algo.maps.LabelMap;

/**
 * The supervision for every pair of a label map: one {@link PairKind} per (offset, source), stored as a
 * byte code, offset-major like PSA's label planes ({@code offsets.count() x window.count()}).
 */
public final class PairLabels {

    private final PairOffsets offsets;
    private final SourceWindow window;
    private final byte[] kinds;
    private final Map<PairKind, Integer> counts;

    private PairLabels(PairOffsets offsets, SourceWindow window, byte[] kinds) {
        this.offsets = offsets;
        this.window = window;
        this.kinds = kinds;
        Map<PairKind, Integer> tally = new EnumMap<>(PairKind.class);
        for (PairKind kind : PairKind.values()) {
            tally.put(kind, 0);
        }
        for (byte code : kinds) {
            tally.merge(PairKind.fromCode(code), 1, Integer::sum);
        }
        this.counts = tally;
    }

    /** Classifies every pair of {@code labels}. */
    public static PairLabels of(LabelMap labels, PairOffsets offsets) {
        SourceWindow window = offsets.sourceWindow(labels.height(), labels.width());
        int sources = window.count();
        byte[] kinds = new byte[offsets.count() * sources];
        for (int offset = 0; offset < offsets.count(); offset++) {
            int step = offsets.flatStep(offset, labels.width());
            int base = offset * sources;
            for (int source = 0; source < sources; source++) {
                int pixel = window.pixel(source);
                kinds[base + source] = PairKind.of(labels.get(pixel), labels.get(pixel + step)).code();
            }
        }
        return new PairLabels(offsets, window, kinds);
    }

    public PairOffsets offsets() {
        return offsets;
    }

    public SourceWindow window() {
        return window;
    }

    /** Pairs per offset, i.e. the number of source pixels. */
    public int pairsPerOffset() {
        return window.count();
    }

    /** Total number of pairs. */
    public int size() {
        return kinds.length;
    }

    public PairKind kind(int offset, int source) {
        return PairKind.fromCode(kinds[offset * window.count() + source]);
    }

    public int count(PairKind kind) {
        return counts.get(kind);
    }

    /**
     * A 0/1 plane for one kind, {@code offsets.count() x pairsPerOffset()} in the reference layout, as a
     * loss needs it.
     */
    public float[] mask(PairKind kind) {
        float[] mask = new float[kinds.length];
        byte code = kind.code();
        for (int pair = 0; pair < kinds.length; pair++) {
            if (kinds[pair] == code) {
                mask[pair] = 1f;
            }
        }
        return mask;
    }
}
