package org.wsss.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.io.SparkValues;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.StageContext;

/**
 * CAMs made from the truth instead of a network, so stages after the CAM stage can be tested alone: the CAM of an
 * image's class is its pet mask, shrunk towards the pet's core and smoothed, as a real CAM peaks inside the object.
 */
public final class FakeCams {
    private FakeCams() {}

    public static List<Row> fromTrimaps(StageContext context) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Row index : context.tables().read(Tables.INDEX).collectAsList()) {
            String id = index.getString(0);
            int classId = index.getInt(2);
            int[] size = new int[2];
            int[] trimap = ImageDecoding.decodeFirstBand(
                    context.storage().readBytes(new Path(index.getString(6))), size);
            rows.add(RowFactory.create(id, size[0], size[1], SparkValues.intArray(classId),
                    CamCodec.encode(camOf(trimap, size[0], size[1]))));
        }
        return rows;
    }

    /** 1 deep inside the pet, falling to 0 over a few pixels, 0 in the background. */
    public static float[] camOf(int[] trimap, int width, int height) {
        float[] pet = new float[trimap.length];
        for (int i = 0; i < trimap.length; i++) pet[i] = trimap[i] == 1 ? 1f : 0f;
        float[] blurred = boxBlur(boxBlur(pet, width, height, 3), width, height, 3);
        float max = 1e-6f;
        for (float v : blurred) max = Math.max(max, v);
        for (int i = 0; i < blurred.length; i++) blurred[i] /= max;
        return blurred;
    }

    private static float[] boxBlur(float[] in, int width, int height, int radius) {
        float[] out = new float[in.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                int n = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy < 0 || xx < 0 || yy >= height || xx >= width) continue;
                        sum += in[yy * width + xx];
                        n++;
                    }
                }
                out[y * width + x] = sum / n;
            }
        }
        return out;
    }
}
