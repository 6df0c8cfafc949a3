package org.wsss.algo.crf;

import org.wsss.algo.parallel.RangeExecutor;
/**
 * Builds a {@link PermutohedralLattice} from per-pixel feature vectors. Each pixel block (one per thread) locates
 * its simplexes and numbers its corner vertices in a hash table of its own; one short sequential step merges the
 * block tables, which hold far fewer keys than there are pixels. Vertex numbering therefore depends on the
 * blocks, but no filtered value does: every sum runs over pixels or corners, in their order.
 */
final class LatticeBuilder {

    /** Lattices have several times fewer vertices than pixels; a table that starts small stays in cache. */
    private static final int PIXELS_PER_EXPECTED_VERTEX = 16;

    private final float[] features;
    private final int dim;
    private final int corners;
    private final int pixels;
    private final RangeExecutor executor;
    private final LatticeKeyLayout layout;
    private final int blocks;
    /** Per pixel p and corner r, at p*(d+1)+r: the slot (vertex + 1) of the corner, first in its block's table. */
    private final int[] cornerSlot;
    private final float[] cornerWeight;

    private LatticeBuilder(float[] features, int dim, int pixels, RangeExecutor executor) {
        this.features = features;
        this.dim = dim;
        this.corners = dim + 1;
        this.pixels = pixels;
        this.executor = executor;
        this.layout = LatticeKeyLayout.forFeatures(features, dim);
        this.blocks = Math.max(1, Math.min(executor.threads(), pixels));
        this.cornerSlot = new int[corners * pixels];
        this.cornerWeight = new float[corners * pixels];
    }

    /** The lattice for {@code pixels} feature vectors of {@code dim} values each, stored pixel by pixel. */
    static PermutohedralLattice build(float[] features, int dim, int pixels, RangeExecutor executor) {
        if (dim < 1 || pixels < 1 || features.length != (long) dim * pixels) {
            throw new IllegalArgumentException("expected " + pixels + " feature vectors of " + dim
                    + " values, got " + features.length + " values");
        }
        return new LatticeBuilder(features, dim, pixels, executor).build();
    }

    private PermutohedralLattice build() {
        LatticeHashTable[] blockTables = new LatticeHashTable[blocks];
        executor.forEachTask(blocks, b -> blockTables[b] = locateBlock(blockStart(b), blockStart(b + 1)));
        LatticeHashTable vertices = blocks == 1 ? blockTables[0] : merge(blockTables);
        return new PermutohedralLattice(dim, pixels, vertices.size(), splatRows(vertices.size()), sliceRows(),
                neighbourSlots(vertices));
    }

    /** One table for all blocks, and every corner renumbered to its slot in it. */
    private LatticeHashTable merge(LatticeHashTable[] blockTables) {
        LatticeHashTable vertices = new LatticeHashTable(blockTables[0].size());
        int[][] globalSlots = new int[blocks][];
        for (int b = 0; b < blocks; b++) {
            LatticeHashTable block = blockTables[b];
            int[] slots = new int[block.size() + 1];
            for (int v = 0; v < block.size(); v++) {
                slots[v + 1] = vertices.findOrInsert(block.keyOf(v)) + 1;
            }
            globalSlots[b] = slots;
        }
        executor.forEachTask(blocks, b -> {
            int[] slots = globalSlots[b];
            for (int e = blockStart(b) * corners, end = blockStart(b + 1) * corners; e < end; e++) {
                cornerSlot[e] = slots[cornerSlot[e]];
            }
        });
        return vertices;
    }

    private int blockStart(int block) {
        return RangeExecutor.chunkStart(pixels, blocks, block);
    }

    private LatticeHashTable locateBlock(int from, int to) {
        LatticeHashTable table = new LatticeHashTable((to - from) / PIXELS_PER_EXPECTED_VERTEX);
        SimplexLocator locator = new SimplexLocator(dim);
        long[] keys = new long[corners];
        long[] previousKeys = new long[corners];
        for (int p = from; p < to; p++) {
            locator.locate(features, p * dim);
            layout.cornerKeys(locator, keys, 0);
            int base = p * corners;
            for (int r = 0; r < corners; r++) {
                cornerWeight[base + r] = locator.weight(r);
                // Neighbouring pixels usually share their simplex: reuse the previous pixel's lookup.
                boolean same = p > from && keys[r] == previousKeys[r];
                cornerSlot[base + r] = same ? cornerSlot[base + r - corners] : table.findOrInsert(keys[r]) + 1;
            }
            long[] swap = previousKeys;
            previousKeys = keys;
            keys = swap;
        }
        return table;
    }

    /** Per axis and vertex, the slots of the two blur neighbours (0 where the neighbour is not in the lattice). */
    private int[] neighbourSlots(LatticeHashTable vertices) {
        int vertexCount = vertices.size();
        int[] neighbourSlots = new int[2 * corners * vertexCount];
        executor.forRange(vertexCount, (from, to) -> {
            for (int axis = 0; axis < corners; axis++) {
                for (int v = from; v < to; v++) {
                    long key = vertices.keyOf(v);
                    int at = 2 * (axis * vertexCount + v);
                    neighbourSlots[at] = vertices.find(layout.lowerNeighbour(key, axis)) + 1;
                    neighbourSlots[at + 1] = vertices.find(layout.upperNeighbour(key, axis)) + 1;
                }
            }
        });
        return neighbourSlots;
    }

    /**
     * Groups the corners by vertex with a counting sort, block by block: within a vertex, block b's entries
     * follow block b-1's, so each vertex's entries stay in pixel order.
     */
    private SparseRows splatRows(int vertexCount) {
        int[][] blockNext = new int[blocks][];
        executor.forEachTask(blocks, b -> {
            int[] counts = new int[vertexCount];
            for (int e = blockStart(b) * corners, end = blockStart(b + 1) * corners; e < end; e++) {
                counts[cornerSlot[e] - 1]++;
            }
            blockNext[b] = counts;
        });
        int[] start = new int[vertexCount + 1];
        int position = 0;
        for (int v = 0; v < vertexCount; v++) {
            start[v] = position;
            for (int b = 0; b < blocks; b++) {
                int count = blockNext[b][v];
                blockNext[b][v] = position;
                position += count;
            }
        }
        start[vertexCount] = position;
        int[] pixel = new int[cornerSlot.length];
        float[] weight = new float[cornerSlot.length];
        executor.forEachTask(blocks, b -> {
            int[] next = blockNext[b];
            for (int p = blockStart(b), end = blockStart(b + 1); p < end; p++) {
                for (int e = p * corners, last = e + corners; e < last; e++) {
                    int at = next[cornerSlot[e] - 1]++;
                    pixel[at] = p;
                    weight[at] = cornerWeight[e];
                }
            }
        });
        return new SparseRows(start, pixel, weight);
    }

    /** Pixel rows over the corner slots; the weights carry the reference's final factor 1 / (1 + 2^-d). */
    private SparseRows sliceRows() {
        float sliceScale = 1.0f / (1 + (float) Math.pow(2, -dim));
        int[] start = new int[pixels + 1];
        float[] weight = new float[cornerWeight.length];
        executor.forRange(pixels, (from, to) -> {
            for (int p = from; p < to; p++) {
                start[p + 1] = (p + 1) * corners;
                for (int e = p * corners, end = e + corners; e < end; e++) {
                    weight[e] = cornerWeight[e] * sliceScale;
                }
            }
        });
        return new SparseRows(start, cornerSlot, weight);
    }
}
