package org.wsss.algo.affinity;

import java.util.ArrayList;
import java.util.List;

/**
 * The pixel pairs AffinityNet compares: half-plane offsets within a radius, and the window of source
 * pixels they start from. Both the affinity labels and the random walk use this one pair set.
 *
 * <p>Offsets come in PSA's order: {@code (0, 1..r-1)}, then for {@code dy = 1..r-1} every
 * {@code dx = -(r-1)..(r-1)} with {@code dy^2 + dx^2 < r^2}. Radius 5 gives 34 offsets. Only half of the
 * plane is listed because a pair and its reverse are the same pair.
 *
 * <p>Sources are the pixels whose every offset target stays inside the image: all rows but the last
 * {@code r-1} and all columns but the first and last {@code r-1}. For radius 5 that is
 * {@code label[0:H-4, 4:W-4]}. PSA crops this way for both training and the random walk, so pairs
 * starting in the bottom rows or side columns are absent; see {@link SourceWindow}.
 */
public final class PairOffsets {

    /** PSA's radius at stride 8. */
    public static final int DEFAULT_RADIUS = 5;

    private final int radius;
    private final int[] dys;
    private final int[] dxs;

    private PairOffsets(int radius, int[] dys, int[] dxs) {
        this.radius = radius;
        this.dys = dys;
        this.dxs = dxs;
    }

    /** The offsets within {@code radius}; radius must be at least 2 (radius 1 has no pairs). */
    public static PairOffsets ofRadius(int radius) {
        if (radius < 2) {
            throw new IllegalArgumentException("radius must be at least 2, got " + radius);
        }
        List<int[]> offsets = new ArrayList<>();
        for (int dx = 1; dx < radius; dx++) {
            offsets.add(new int[] {0, dx});
        }
        for (int dy = 1; dy < radius; dy++) {
            for (int dx = -radius + 1; dx < radius; dx++) {
                if (dy * dy + dx * dx < radius * radius) {
                    offsets.add(new int[] {dy, dx});
                }
            }
        }
        int[] dys = offsets.stream().mapToInt(offset -> offset[0]).toArray();
        int[] dxs = offsets.stream().mapToInt(offset -> offset[1]).toArray();
        return new PairOffsets(radius, dys, dxs);
    }

    public int radius() {
        return radius;
    }

    /** Number of offsets (34 for radius 5). */
    public int count() {
        return dys.length;
    }

    /** Row step of offset {@code i}, in {@code 0..radius-1}. */
    public int dy(int i) {
        return dys[i];
    }

    /** Column step of offset {@code i}, in {@code -(radius-1)..radius-1}. */
    public int dx(int i) {
        return dxs[i];
    }

    /** How far an offset reaches: {@code radius - 1}, the crop on each cropped side of the source window. */
    public int reach() {
        return radius - 1;
    }

    /** Flat-index step of offset {@code i} in a row-major image of the given width. */
    public int flatStep(int i, int width) {
        return dys[i] * width + dxs[i];
    }

    /** The source window of an image of this size. */
    public SourceWindow sourceWindow(int height, int width) {
        return new SourceWindow(height, width, reach());
    }

    /**
     * The source pixels of a {@code height x width} image: rows {@code 0..height-1-reach}, columns
     * {@code reach..width-1-reach}, numbered row-major from 0. An image too small for any source has an
     * empty window (no pairs).
     */
    public record SourceWindow(int height, int width, int reach) {

        public SourceWindow {
            if (height <= 0 || width <= 0 || reach < 0) {
                throw new IllegalArgumentException("window of a " + height + " x " + width
                        + " image with reach " + reach + " is not defined");
            }
        }

        public int rows() {
            return Math.max(0, height - reach);
        }

        public int columns() {
            return Math.max(0, width - 2 * reach);
        }

        /** Number of sources, which is also the number of pairs per offset. */
        public int count() {
            return rows() * columns();
        }

        /** Image column of the window's first column. */
        public int firstColumn() {
            return reach;
        }

        /** Flat image index of source number {@code source} (row-major within the window). */
        public int pixel(int source) {
            int columns = columns();
            return (source / columns) * width + reach + source % columns;
        }
    }
}
