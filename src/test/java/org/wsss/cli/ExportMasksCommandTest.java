package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.io.SparkValues;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.StageContext;
import org.wsss.testing.TestSpark;

class ExportMasksCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesOnePalettePngPerMaskOfTheMethodWithClassIdsAsIndices() throws Exception {
        Path run = dir.resolve("run");
        StageContext context = TestSpark.context(TestSpark.settings(dir.resolve("data"), run));
        byte[] labels = {0, 0, 5, 5, 5, 0};
        List<Row> masks = List.of(
                RowFactory.create("a_1", "rw", 3, 2, SparkValues.intArray(5), ImageEncoding.labelPng(labels, 3, 2)),
                RowFactory.create("b_2", "rw", 3, 2, SparkValues.intArray(5), ImageEncoding.labelPng(labels, 3, 2)),
                RowFactory.create("a_1", "cam", 3, 2, SparkValues.intArray(5), ImageEncoding.labelPng(labels, 3, 2)));
        context.tables().replace(Tables.MASKS, context.spark().createDataFrame(masks, Tables.MASKS.computedSchema()));

        Path out = dir.resolve("pngs");
        WsssCliTest.Outcome o = WsssCliTest.run("export-masks", "--method", "rw", "--out", out.toString(),
                "--run-root", run.toString(), "--master", "local[2]", "--set", "spark.bind-loopback=true");
        assertEquals(0, o.exitCode(), o.err());
        try (var files = Files.list(out.resolve("rw"))) {
            assertEquals(List.of("_export.json", "a_1.png", "b_2.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        byte[] png = Files.readAllBytes(out.resolve("rw/a_1.png"));
        int[] size = new int[2];
        assertArrayEquals(new int[] {0, 0, 5, 5, 5, 0}, ImageDecoding.decodeFirstBand(png, size));
        assertTrue(ImageIO.read(new ByteArrayInputStream(png)).getColorModel() instanceof java.awt.image.IndexColorModel);

        WsssCliTest.Outcome missing = WsssCliTest.run("export-masks", "--method", "rw_crf", "--out", out.toString(),
                "--run-root", run.toString(), "--master", "local[2]", "--set", "spark.bind-loopback=true");
        assertEquals(Wsss.USER_ERROR, missing.exitCode());
        assertTrue(missing.err().contains("methods present: [") && missing.err().contains("rw"), missing.err());
    }
}
