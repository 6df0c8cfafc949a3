package org.wsss.algo.crf;

/**
 * A sparse matrix in compressed-row form, multiplied into multi-channel data: for each row r and channel c,
 * {@code out[(r + outRowOffset) * channels + c]} is the sum, in entry order, over the entries e of row r of
 * {@code weight[e] * in[column[e] * channels + c]}. Splatting (vertex rows, pixel columns) and slicing (pixel rows,
 * vertex columns) are both this product.
 *
 * <p>Channels go in blocks of up to four, one accumulator each, so an entry's column and weight are read once per
 * block: one loop per channel measured twice as slow.
 */
final class SparseRows {

    private final int[] rowStart;
    private final int[] column;
    private final float[] weight;

    SparseRows(int[] rowStart, int[] column, float[] weight) {
        this.rowStart = rowStart;
        this.column = column;
        this.weight = weight;
    }

    void multiply(float[] in, int channels, float[] out, int outRowOffset, int fromRow, int toRow) {
        int c = 0;
        for (; c + 4 <= channels; c += 4) {
            multiply4(in, channels, c, out, outRowOffset, fromRow, toRow);
        }
        switch (channels - c) {
            case 3 -> multiply3(in, channels, c, out, outRowOffset, fromRow, toRow);
            case 2 -> multiply2(in, channels, c, out, outRowOffset, fromRow, toRow);
            case 1 -> multiply1(in, channels, c, out, outRowOffset, fromRow, toRow);
            default -> { }
        }
    }

    private void multiply4(float[] in, int stride, int c, float[] out, int outRowOffset, int fromRow, int toRow) {
        for (int r = fromRow; r < toRow; r++) {
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            for (int e = rowStart[r], end = rowStart[r + 1]; e < end; e++) {
                float w = weight[e];
                int at = column[e] * stride + c;
                s0 += w * in[at];
                s1 += w * in[at + 1];
                s2 += w * in[at + 2];
                s3 += w * in[at + 3];
            }
            int at = (r + outRowOffset) * stride + c;
            out[at] = s0;
            out[at + 1] = s1;
            out[at + 2] = s2;
            out[at + 3] = s3;
        }
    }

    private void multiply3(float[] in, int stride, int c, float[] out, int outRowOffset, int fromRow, int toRow) {
        for (int r = fromRow; r < toRow; r++) {
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            for (int e = rowStart[r], end = rowStart[r + 1]; e < end; e++) {
                float w = weight[e];
                int at = column[e] * stride + c;
                s0 += w * in[at];
                s1 += w * in[at + 1];
                s2 += w * in[at + 2];
            }
            int at = (r + outRowOffset) * stride + c;
            out[at] = s0;
            out[at + 1] = s1;
            out[at + 2] = s2;
        }
    }

    private void multiply2(float[] in, int stride, int c, float[] out, int outRowOffset, int fromRow, int toRow) {
        for (int r = fromRow; r < toRow; r++) {
            float s0 = 0;
            float s1 = 0;
            for (int e = rowStart[r], end = rowStart[r + 1]; e < end; e++) {
                float w = weight[e];
                int at = column[e] * stride + c;
                s0 += w * in[at];
                s1 += w * in[at + 1];
            }
            int at = (r + outRowOffset) * stride + c;
            out[at] = s0;
            out[at + 1] = s1;
        }
    }

    private void multiply1(float[] in, int stride, int c, float[] out, int outRowOffset, int fromRow, int toRow) {
        for (int r = fromRow; r < toRow; r++) {
            float s0 = 0;
            for (int e = rowStart[r], end = rowStart[r + 1]; e < end; e++) {
                s0 += weight[e] * in[column[e] * stride + c];
            }
            out[(r + outRowOffset) * stride + c] = s0;
        }
    }
}
