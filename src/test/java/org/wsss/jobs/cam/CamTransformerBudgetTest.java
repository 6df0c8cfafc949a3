package org.wsss.jobs.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/** An image too large for the memory budget is an error row naming its size and the setting, not a failed task. */
class CamTransformerBudgetTest {
    private static final String SETTING = "wsss.cams.memory-budget";

    @TempDir
    Path dir;

    @Test
    void anImageOverTheBudgetIsAnErrorRowWhileTheOthersGetCams() throws Exception {
        CamModelSpec spec = CamModelSpec.of(BackboneKind.SMALL, 2, 3L);
        CheckpointStore store = new CheckpointStore(Storage.local(),
                new org.apache.hadoop.fs.Path(dir.resolve("checkpoints").toUri()), 1);
        try (CamModel model = CamModel.create(spec, Device.cpu())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SnapshotFiles.write(ParameterSnapshot.capture(model.model().getBlock()), bytes);
            store.save(1, Map.copyOf(CamCheckpoint.describe(spec)),
                    Map.of(DataParallelTraining.PARAMETERS_FILE, bytes.toByteArray()));
        }
        String small = photo("small.png", 48, 40);
        String large = photo("large.png", 800, 600);
        Dataset<Row> images = TestSpark.session().createDataset(List.of(small, large), Encoders.STRING())
                .toDF("image_uri");

        // 8 MiB holds the small photo's scales but not even the large one's scaled pixels on the heap.
        List<Row> rows = new CamTransformer().setCheckpointDir(store.root().toString())
                .setInference(List.of(1.0, 2.0), true, 0.5, "gpu")
                .setMemoryBudget(8L << 20, SETTING)
                .transform(images).collectAsList();

        Map<String, Row> byImage = rows.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertNull(byImage.get(small).getAs(CamTransformer.ERROR));
        assertNotNull(byImage.get(small).getAs("cams"));
        Row refused = byImage.get(large);
        assertNull(refused.getAs("cams"));
        assertEquals(800, (int) refused.getAs(CamTransformer.WIDTH));
        String error = refused.getAs(CamTransformer.ERROR);
        assertTrue(error.startsWith(CamTransformer.OVER_BUDGET + ": image 800x600 needs "), error);
        assertTrue(error.endsWith("over " + SETTING + " = 8m"), error);
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
