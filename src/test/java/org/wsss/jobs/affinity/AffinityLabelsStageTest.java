package org.wsss.jobs.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.config.SynthSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.testing.FakeCams;
import org.wsss.testing.TestSpark;

/** The affinity-label stage on local[2], fed CAMs made from the truth (see FakeCams). */
class AffinityLabelsStageTest {
    @TempDir
    static Path dir;
    static StageContext context;
    static StageReport first;
    static List<Row> camRows;

    @BeforeAll
    static void labelAFewImages() throws Exception {
        Path data = dir.resolve("data");
        new SyntheticDataset(Storage.local()).write(data.toString(), new SynthSettings(2, 4, 3, 64, 80, 0.3, false));
        context = TestSpark.context(TestSpark.settings(data, dir.resolve("run")));
        new IndexStage().run(context);
        camRows = new ArrayList<>(FakeCams.fromTrimaps(context));
        // One image whose CAMs disagree with its size: a reject, not a failed job.
        Row bad = camRows.remove(0);
        camRows.add(RowFactory.create(bad.getString(0), bad.getInt(1) + 3, bad.getInt(2), bad.get(3),
                CamCodec.encode(new float[(bad.getInt(1) + 3) * bad.getInt(2)])));
        context.tables().replace(Tables.CAMS, context.spark().createDataFrame(camRows, Tables.CAMS.computedSchema()));
        first = new AffinityLabelsStage().run(context);
    }

    @Test
    void writesOneRowPerImageWithCamsAndRejectsTheMismatch() {
        List<Row> rows = context.tables().read(Tables.AFFINITY_LABELS).collectAsList();
        assertEquals(camRows.size() - 1, rows.size());
        assertEquals(camRows.size() - 1, first.rows());
        assertEquals(Map.of(AffinityLabelsStage.SIZE_MISMATCH, 1L), first.rejects());
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> assertTrue(ids.add(r.getString(0)), "written twice: " + r.getString(0)));
    }

    @Test
    void labelsAreConfidentInsideAndOutsideThePetAndUnsureBetween() throws Exception {
        Row row = context.tables().read(Tables.AFFINITY_LABELS).collectAsList().get(0);
        int classId = row.<Integer>getList(3).get(0);
        int[] size = new int[2];
        int[] labels = ImageDecoding.decodeFirstBand((byte[]) row.get(4), size);
        long background = 0;
        long pet = 0;
        long unsure = 0;
        for (int v : labels) {
            if (v == 0) background++;
            else if (v == classId) pet++;
            else if (v == 255) unsure++;
            else throw new AssertionError("unexpected label " + v);
        }
        assertTrue(background > 0 && pet > 0 && unsure > 0, background + " / " + pet + " / " + unsure);
        int[] reducedSize = new int[2];
        ImageDecoding.decodeFirstBand((byte[]) row.get(5), reducedSize);
        assertEquals((size[0] + 7) / 8, reducedSize[0]);
        assertEquals((size[1] + 7) / 8, reducedSize[1]);
    }

    @Test
    void aRerunWritesNothing() throws Exception {
        StageReport again = new AffinityLabelsStage().run(context);
        assertEquals(0, again.rows());
        assertEquals(Map.of(), again.rejects());
        assertEquals(camRows.size() - 1, context.tables().read(Tables.AFFINITY_LABELS).count());
        assertEquals(1, context.tables().read(Tables.AFFINITY_LABELS_REJECTS).count());
    }
}
