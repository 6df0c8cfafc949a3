package org.wsss.jobs.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.io.CheckpointStore;
import org.wsss.io.Storage;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;
import org.wsss.testing.TestSpark;

/** The CAM stage's rows do not depend on how many images a task batches together. */
class CamTransformerBatchTest {
    /**
     * Stored CAMs are quantised to 8 bits; batched forwards agree with single ones to float rounding (about 1e-6),
     * which can move a value across a rounding boundary: at most one level, 1/255.
     */
    private static final float TOLERANCE = 1f / 255 + 1e-6f;

    @TempDir
    Path dir;

    @Test
    void camsOfBatchOneAndBatchFourAreEqual() throws Exception {
        CamModelSpec spec = CamModelSpec.of(BackboneKind.SMALL, 3, 5L);
        CheckpointStore store = new CheckpointStore(Storage.local(),
                new org.apache.hadoop.fs.Path(dir.resolve("checkpoints").toUri()), 1);
        try (CamModel model = CamModel.create(spec, Device.cpu())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SnapshotFiles.write(ParameterSnapshot.capture(model.model().getBlock()), bytes);
            store.save(1, Map.copyOf(CamCheckpoint.describe(spec)),
                    Map.of(DataParallelTraining.PARAMETERS_FILE, bytes.toByteArray()));
        }
        // Sizes repeat, so a batch of 4 holds images that share forwards; one partition keeps the batches full.
        List<String> photos = new ArrayList<>();
        int[][] sizes = {{48, 40}, {48, 40}, {40, 48}, {48, 40}, {56, 32}, {48, 40}, {40, 48}, {48, 40}};
        for (int i = 0; i < sizes.length; i++) photos.add(photo("p" + i + ".png", sizes[i][0], sizes[i][1]));
        Dataset<Row> images = TestSpark.session().createDataset(photos, Encoders.STRING()).toDF("image_uri")
                .coalesce(1);

        Map<String, Row> one = cams(store, images, 1);
        Map<String, Row> four = cams(store, images, 4);
        assertEquals(photos.size(), four.size());
        for (String photo : photos) {
            Row a = one.get(photo);
            Row b = four.get(photo);
            assertNull(b.getAs(CamTransformer.ERROR), photo);
            assertEquals(a.<Integer>getAs(CamTransformer.WIDTH), b.<Integer>getAs(CamTransformer.WIDTH), photo);
            assertEquals(a.getList(a.fieldIndex(CamTransformer.CLASSES)), b.getList(b.fieldIndex(CamTransformer.CLASSES)), photo);
            int values = a.getList(a.fieldIndex(CamTransformer.CLASSES)).size() * a.<Integer>getAs(CamTransformer.WIDTH)
                    * a.<Integer>getAs(CamTransformer.HEIGHT);
            assertArrayEquals(CamCodec.decode(a.getAs("cams"), values), CamCodec.decode(b.getAs("cams"), values),
                    TOLERANCE, photo);
        }
    }

    private static Map<String, Row> cams(CheckpointStore store, Dataset<Row> images, int batchSize) {
        return new CamTransformer().setCheckpointDir(store.root().toString())
                .setInference(List.of(1.0, 0.5, 1.5), true, 0.5, "gpu")
                .setBatchSize(batchSize)
                .transform(images).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    }

    private String photo(String name, int width, int height) throws Exception {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        byte[] rgb = new byte[3 * width * height];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) random.nextInt(256);
        Path file = dir.resolve(name);
        Files.write(file, ImageEncoding.png(new RgbImage(width, height, rgb)));
        return file.toUri().toString();
    }
}
