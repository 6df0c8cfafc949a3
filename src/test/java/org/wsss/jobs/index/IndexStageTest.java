package org.wsss.jobs.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.config.SynthSettings;
import org.wsss.data.ListFile;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.StageContext;
import org.wsss.testing.TestSpark;

/** The index stage on local[2] over a synthetic dataset into which every kind of bad input was planted. */
class IndexStageTest {
    @TempDir
    static Path dir;
    static SyntheticDataset.Summary summary;
    static StageReport report;
    static StageContext context;

    @BeforeAll
    static void indexADatasetWithEveryKindOfBadInput() throws Exception {
        Path data = dir.resolve("data");
        summary = new SyntheticDataset(Storage.local()).write(data.toString(),
                new SynthSettings(3, 10, 5, 64, 96, 0.3, true));
        Path annotations = data.resolve("annotations");
        List<ListFile.Entry> trainval = ListFile.parse(Files.readString(annotations.resolve("trainval.txt")), "t").entries();
        String duplicated = trainval.get(0).imageId();
        String undecodable = trainval.get(1).imageId();
        String withoutTrimap = trainval.get(2).imageId();
        String wrongTrimap = trainval.get(3).imageId();
        Files.writeString(annotations.resolve("trainval.txt"), String.join("\n",
                "this line is malformed",
                "Abyssinian_900 99 1 1",
                "../escaping_1 1 1 1",
                "Abyssinian_901 1 1 1", ""), StandardOpenOption.APPEND);
        Files.writeString(annotations.resolve("test.txt"), duplicated + " " + trainval.get(0).classId() + " "
                + trainval.get(0).species().code + " 1\n", StandardOpenOption.APPEND);
        Files.write(data.resolve("images/" + undecodable + ".jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Files.delete(annotations.resolve("trimaps/" + withoutTrimap + ".png"));
        Files.write(annotations.resolve("trimaps/" + wrongTrimap + ".png"),
                ImageEncoding.labelPng(new byte[] {1, 2, 3, 1}, 2, 2));

        context = TestSpark.context(TestSpark.settings(data, dir.resolve("run")));
        report = new IndexStage().run(context);
    }

    @Test
    void everyBadInputIsRejectedOnceWithItsReason() {
        Map<String, Long> expected = new TreeMap<>(Map.of(
                ListFile.MALFORMED_LINE, 1L,
                ListFile.UNKNOWN_CLASS, 1L,
                ListFile.BAD_IMAGE_ID, 1L,
                IndexStage.DUPLICATE_ID, 1L,
                IndexStage.MISSING_IMAGE, 1L,
                IndexStage.UNDECODABLE_IMAGE, 1L,
                IndexStage.MISSING_TRIMAP, 1L,
                IndexStage.TRIMAP_SIZE, 1L));
        assertEquals(expected, report.rejects());
        List<Row> rejects = context.tables().read(Tables.INDEX_REJECTS).collectAsList();
        assertEquals(8, rejects.size());
        assertTrue(rejects.stream().anyMatch(r -> r.getString(0).equals("Abyssinian_900")));
        assertTrue(rejects.stream().anyMatch(r -> r.getString(0).equals("../escaping_1")));
    }

    @Test
    void everyGoodImageIsIndexedOnceWithItsFacts() {
        List<Row> rows = context.tables().read(Tables.INDEX).collectAsList();
        assertEquals(30 - 3, rows.size(), "listed images less the undecodable, trimap-less and mis-sized ones");
        assertEquals(27, report.rows());
        Set<String> ids = rows.stream().map(r -> r.getString(0)).collect(Collectors.toSet());
        assertEquals(rows.size(), ids.size(), "an image was indexed twice");
        assertTrue(ids.containsAll(summary.quirkyImages().keySet()), "quirky images are valid images");
        for (Row r : rows) {
            String id = r.getString(0);
            int classId = r.getInt(2);
            String breed = r.getString(3);
            assertTrue(id.startsWith(breed + "_"), id + " has breed " + breed);
            assertEquals(Character.isUpperCase(breed.charAt(0)) ? "cat" : "dog", r.getString(4));
            assertTrue(classId >= 1 && classId <= 3);
            assertTrue(r.getString(5).endsWith("/images/" + id + ".jpg"));
            assertTrue(r.getInt(7) >= 64 && r.getInt(7) <= 96);
        }
    }

    @Test
    void unlistedImagesAreCountedNotIndexed() {
        assertEquals(2L, ((Number) report.figures().get("unlisted_images")).longValue());
    }

    @Test
    void stageReportIsWrittenWithRowsRejectsAndSettings() throws IOException {
        StageReport read = StageReport.read(context.storage(), context.layout(), IndexStage.NAME);
        assertEquals(27, read.rows());
        assertEquals(8, read.totalRejects());
        assertTrue(read.seconds() > 0);
        assertTrue(read.settings().containsKey("index"));
    }
}
