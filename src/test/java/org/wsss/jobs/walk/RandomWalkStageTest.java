package org.wsss.jobs.walk;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.config.SynthSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.MaskMethods;
import org.wsss.io.MissingInputException;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.stage.StageInputs;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.testing.AffinityCheckpoints;
import org.wsss.testing.FakeCams;
import org.wsss.testing.TestSpark;

/**
 * The random-walk stage on local[2] over a small synthetic set, with CAMs made from the truth (FakeCams), an
 * initialised AffinityNet checkpoint, and a masks table that already holds the CAM stage's rows. It runs three
 * times: walk only, then with the CRF (a changed input: both methods are made again), then again (nothing is stale).
 */
class RandomWalkStageTest {
    @TempDir
    static Path dir;
    static StageContext walkOnly;
    static StageContext withCrf;
    static Map<String, Integer> classOfGoodImage = new HashMap<>();
    static Map<String, String> trimapOf = new HashMap<>();
    static int allImages;
    static StageReport first;
    static StageReport second;
    static StageReport third;
    static int modelsCachedAfterFirstRun;

    @BeforeAll
    static void walkThreeTimes() throws Exception {
        Path data = dir.resolve("data");
        Path run = dir.resolve("run");
        new SyntheticDataset(Storage.local()).write(data.toString(), new SynthSettings(2, 4, 5, 64, 88, 0.3, false));
        walkOnly = TestSpark.context(TestSpark.settings(data.toString(), run.toString(),
                Map.of("random-walk.crf", "false")));
        withCrf = TestSpark.context(TestSpark.settings(data, run));
        new IndexStage().run(walkOnly);
        Map<String, String> imageOf = new HashMap<>();
        for (Row index : walkOnly.tables().read(Tables.INDEX).collectAsList()) {
            imageOf.put(index.getString(0), index.getString(5));
            trimapOf.put(index.getString(0), index.getString(6));
        }

        List<Row> cams = new ArrayList<>(FakeCams.fromTrimaps(walkOnly));
        allImages = cams.size();
        // Three unusable inputs: CAMs of the wrong size, CAMs that do not inflate, a photo that does not decode.
        Row wrongSize = cams.get(0);
        cams.set(0, RowFactory.create(wrongSize.getString(0), wrongSize.getInt(1) + 3, wrongSize.getInt(2),
                wrongSize.get(3), CamCodec.encode(new float[(wrongSize.getInt(1) + 3) * wrongSize.getInt(2)])));
        Row corrupt = cams.get(1);
        cams.set(1, RowFactory.create(corrupt.getString(0), corrupt.getInt(1), corrupt.getInt(2), corrupt.get(3),
                new byte[] {1, 2, 3}));
        String undecodable = cams.get(2).getString(0);
        walkOnly.storage().writeBytes(new org.apache.hadoop.fs.Path(imageOf.get(undecodable)),
                "not an image".getBytes(StandardCharsets.UTF_8));
        for (Row row : cams.subList(3, cams.size())) {
            classOfGoodImage.put(row.getString(0), row.<Integer>getList(3).get(0));
        }
        walkOnly.tables().replace(Tables.CAMS, walkOnly.spark().createDataFrame(cams, Tables.CAMS.computedSchema()));
        walkOnly.tables().appendBatch(Tables.MASKS, walkOnly.spark().createDataFrame(camStageMasks(cams),
                Tables.MASKS.computedSchema()));
        AffinityCheckpoints.writeInitialised(walkOnly, BackboneKind.SMALL, 3L, 1);

        ExecutorModelCache.clear();
        first = new RandomWalkStage().run(walkOnly);
        modelsCachedAfterFirstRun = ExecutorModelCache.size();
        second = new RandomWalkStage().run(withCrf);
        third = new RandomWalkStage().run(withCrf);
    }

    @AfterAll
    static void releaseModels() {
        ExecutorModelCache.clear();
    }

    /** What the CAM stage would have written: a {@code cam} mask of every image (all background will do). */
    private static List<Row> camStageMasks(List<Row> cams) {
        List<Row> masks = new ArrayList<>();
        for (Row row : cams) {
            int width = row.getInt(1);
            int height = row.getInt(2);
            masks.add(RowFactory.create(row.getString(0), MaskMethods.CAM, width, height, row.get(3),
                    ImageEncoding.labelPng(new byte[width * height], width, height)));
        }
        return masks;
    }

    private static List<Row> masks(String method) {
        return withCrf.tables().read(Tables.MASKS).filter(col("method").equalTo(method)).collectAsList();
    }

    @Test
    void writesOneMaskPerUsableImageAndMethodOnceAcrossRuns() {
        int good = classOfGoodImage.size();
        assertEquals(good, first.rows());
        // Turning random-walk.crf on changes the stage's inputs: both methods are made again, replacing the rw rows.
        assertEquals(2 * good, second.rows());
        assertEquals(0, third.rows());
        for (String method : List.of(MaskMethods.RW, MaskMethods.RW_CRF)) {
            Set<String> ids = new HashSet<>();
            for (Row row : masks(method)) assertTrue(ids.add(row.getString(0)), method + " twice: " + row.getString(0));
            assertEquals(classOfGoodImage.keySet(), ids, method);
        }
        assertEquals(allImages, masks(MaskMethods.CAM).size(), "the CAM stage's rows stay as they were");
    }

    @Test
    void masksAreImageSizedAndHoldBackgroundOrTheImagesClass() throws Exception {
        for (String method : List.of(MaskMethods.RW, MaskMethods.RW_CRF)) {
            for (Row row : masks(method)) {
                String id = row.getString(0);
                int classId = classOfGoodImage.get(id);
                assertEquals(List.of(classId), row.<Integer>getList(4));
                int[] size = new int[2];
                int[] mask = ImageDecoding.decodeFirstBand((byte[]) row.get(5), size);
                assertEquals(row.getInt(2), size[0]);
                assertEquals(row.getInt(3), size[1]);
                int[] trimapSize = new int[2];
                ImageDecoding.decodeFirstBand(
                        walkOnly.storage().readBytes(new org.apache.hadoop.fs.Path(trimapOf.get(id))), trimapSize);
                assertArrayEquals(trimapSize, size, "the image's own size");
                for (int label : mask) {
                    assertTrue(label == 0 || label == classId, method + " " + id + ": label " + label);
                }
            }
        }
    }

    @Test
    void unusableInputsAreRejectedOnceWithTheirReasons() {
        assertEquals(Map.of(RandomWalkStage.SIZE_MISMATCH, 1L, RandomWalkStage.CORRUPT_CAMS, 1L,
                RandomWalkStage.UNDECODABLE_IMAGE, 1L), first.rejects());
        assertEquals(first.rejects(), second.rejects(), "decided again for the new inputs");
        assertEquals(Map.of(), third.rejects());
        List<Row> rejects = withCrf.tables().read(Tables.RANDOM_WALK_REJECTS).collectAsList();
        assertEquals(3, rejects.size(), "the second run's rejects replaced the first's");
        rejects.forEach(r -> assertEquals(RandomWalkStage.NAME, r.getString(3)));
    }

    @Test
    void tasksShareOneModelPerCheckpointAndDevice() {
        assertTrue(first.rows() > 1 && StageInputs.partitions(0, walkOnly) > 1, "needs several tasks");
        assertEquals(1, modelsCachedAfterFirstRun);
    }

    @Test
    void theStageReportNamesItsMethodsAndSettings() throws Exception {
        StageReport written = StageReport.read(withCrf.storage(), withCrf.layout(), RandomWalkStage.NAME);
        assertEquals(0, written.rows());
        assertEquals(List.of(MaskMethods.RW, MaskMethods.RW_CRF), written.figures().get("methods"));
        assertEquals("SMALL", written.figures().get("backbone"));
        assertTrue(written.settings().containsKey("random_walk") && written.settings().containsKey("crf"));
        assertEquals(List.of(MaskMethods.RW), first.figures().get("methods"));
        assertTrue(!first.settings().containsKey("crf"), "no CRF settings when no CRF ran");
    }

    @Test
    void withoutAnAffinityCheckpointTheStageNamesTheStageToRun() {
        StageContext empty = TestSpark.context(TestSpark.settings(dir.resolve("data"), dir.resolve("empty-run")));
        MissingInputException e = assertThrows(MissingInputException.class, () -> new RandomWalkStage().run(empty));
        assertTrue(e.getMessage().contains("wsss train-affinity"), e.getMessage());
    }
}
