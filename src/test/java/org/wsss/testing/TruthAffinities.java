package org.wsss.testing;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.wsss.algo.affinity.PairKind;
import org.wsss.algo.affinity.PairLabels;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.metrics.TrimapTruth;
import org.wsss.data.PetLayout;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.StageContext;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.affinity.AffinityNet;
import org.wsss.model.affinity.StridePadding;
import org.wsss.model.nn.HostTensor;

/**
 * How a trained AffinityNet scores pixel pairs against the truth: the mean predicted affinity of radius-5 pairs
 * inside one truth region (pet-pet or background-background) and of pairs across the pet's outline, on whole
 * images padded to the stride. Truth comes from the trimap at stride 8: a cell is pet or background only when
 * every pixel of it is; cells touching the trimap's border band are left out.
 */
public final class TruthAffinities {
    private static final int STRIDE = AffinityNet.OUTPUT_STRIDE;

    /** Pooled over pairs: mean affinity inside regions and across the outline. */
    public record Separation(double inside, double across, long insidePairs, long acrossPairs) {
        public double gap() {
            return inside - across;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "inside %.3f (%d pairs), across %.3f (%d pairs), gap %.3f",
                    inside, insidePairs, across, acrossPairs, gap());
        }
    }

    private TruthAffinities() {}

    /** The separation on every image of {@code split}. */
    public static Separation onSplit(StageContext context, AffinityModel model, PetLayout.Split split)
            throws IOException {
        double inside = 0;
        double across = 0;
        long insidePairs = 0;
        long acrossPairs = 0;
        for (Row row : context.tables().read(Tables.INDEX).filter(col("split").equalTo(split.label))
                .select("image_uri", "trimap_uri").collectAsList()) {
            RgbImage rgb = ImageDecoding.decodeRgb(context.storage().readBytes(new Path(row.getString(0))));
            int[] size = new int[2];
            int[] trimap = ImageDecoding.decodeFirstBand(context.storage().readBytes(new Path(row.getString(1))), size);
            float[] affinities = affinities(model, rgb);
            PairLabels truth = PairLabels.of(truthAtStride(trimap, rgb.width(), rgb.height()), model.offsets());
            for (int offset = 0; offset < model.offsets().count(); offset++) {
                for (int source = 0; source < truth.pairsPerOffset(); source++) {
                    float affinity = affinities[offset * truth.pairsPerOffset() + source];
                    PairKind kind = truth.kind(offset, source);
                    if (kind == PairKind.NEGATIVE) {
                        across += affinity;
                        acrossPairs++;
                    } else if (kind != PairKind.UNLABELLED) {
                        inside += affinity;
                        insidePairs++;
                    }
                }
            }
        }
        return new Separation(inside / insidePairs, across / acrossPairs, insidePairs, acrossPairs);
    }

    private static float[] affinities(AffinityModel model, RgbImage rgb) {
        FloatImage image = ImageNetNormalization.normalize(FloatImage.fromInterleavedRgb(rgb.width(), rgb.height(),
                rgb.rgb()));
        ChannelStack padded = StridePadding.padBottomRight(
                new ChannelStack(image.channels(), image.height(), image.width(), image.values()), STRIDE);
        return model.pairAffinities(new HostTensor(new long[] {1, padded.channels(), padded.height(),
            padded.width()}, padded.values())).values();
    }

    /** Cells wholly pet (1) or wholly background (0); anything else, padding included, 255. */
    static LabelMap truthAtStride(int[] trimap, int width, int height) {
        byte[] pixels = TrimapTruth.labels(trimap, 1);
        int cellsHigh = StridePadding.paddedSize(height, STRIDE) / STRIDE;
        int cellsWide = StridePadding.paddedSize(width, STRIDE) / STRIDE;
        byte[] cells = new byte[cellsHigh * cellsWide];
        for (int cy = 0; cy < cellsHigh; cy++) {
            for (int cx = 0; cx < cellsWide; cx++) {
                int label = -1;
                for (int y = cy * STRIDE; y < Math.min(height, (cy + 1) * STRIDE) && label != LabelMap.IGNORE; y++) {
                    for (int x = cx * STRIDE; x < Math.min(width, (cx + 1) * STRIDE); x++) {
                        int pixel = Byte.toUnsignedInt(pixels[y * width + x]);
                        if (label == -1) label = pixel;
                        else if (label != pixel) label = LabelMap.IGNORE;
                    }
                }
                cells[cy * cellsWide + cx] = (byte) (label == -1 ? LabelMap.IGNORE : label);
            }
        }
        return new LabelMap(cellsHigh, cellsWide, cells);
    }
}
