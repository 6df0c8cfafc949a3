package org.wsss.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.metrics.TrimapTruth;
import org.wsss.config.SynthSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.MaskMethods;
import org.wsss.io.SparkValues;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;

/**
 * A synthetic dataset with pseudo-masks made from its trimaps in seconds, so stage 3 can be tested without
 * stages 1 and 2: {@code rw_crf} is the pet with its outline band, {@code rw} the pet without it, so the two
 * disagree exactly on the band. Each test run works on a copy of the base run root.
 */
public record PseudoMaskFixture(Path dataRoot, Path baseRunRoot) {

    public static PseudoMaskFixture prepare(Path dir, SynthSettings synth) throws IOException {
        Path data = dir.resolve("data");
        Path run = dir.resolve("base-run");
        new SyntheticDataset(Storage.local()).write(data.toString(), synth);
        StageContext context = TestSpark.context(TestSpark.settings(data, run));
        new IndexStage().run(context);
        // One batch, as the random-walk stage writes it, so later stages can add theirs.
        context.tables().appendBatch(Tables.MASKS,
                context.spark().createDataFrame(masksFromTrimaps(context), Tables.MASKS.computedSchema()));
        return new PseudoMaskFixture(data, run);
    }

    static List<Row> masksFromTrimaps(StageContext context) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Row index : context.tables().read(Tables.INDEX).collectAsList()) {
            String id = index.getString(0);
            int classId = index.getInt(2);
            int[] size = new int[2];
            int[] trimap = ImageDecoding.decodeFirstBand(
                    context.storage().readBytes(new org.apache.hadoop.fs.Path(index.getString(6))), size);
            byte[] withBand = new byte[trimap.length];
            byte[] withoutBand = new byte[trimap.length];
            for (int i = 0; i < trimap.length; i++) {
                withBand[i] = (byte) (trimap[i] == TrimapTruth.TRIMAP_BACKGROUND ? 0 : classId);
                withoutBand[i] = (byte) (trimap[i] == TrimapTruth.TRIMAP_PET ? classId : 0);
            }
            rows.add(RowFactory.create(id, MaskMethods.RW_CRF, size[0], size[1], SparkValues.intArray(classId),
                    ImageEncoding.labelPng(withBand, size[0], size[1])));
            rows.add(RowFactory.create(id, MaskMethods.RW, size[0], size[1], SparkValues.intArray(classId),
                    ImageEncoding.labelPng(withoutBand, size[0], size[1])));
        }
        return rows;
    }

    /** A fresh run root at {@code runRoot} holding a copy of the base run's tables, with these settings. */
    public StageContext newRun(Path runRoot, Map<String, String> overrides) {
        copyTree(baseRunRoot, runRoot);
        return existingRun(runRoot, overrides);
    }

    public StageContext existingRun(Path runRoot, Map<String, String> overrides) {
        return TestSpark.context(TestSpark.settings(dataRoot.toString(), runRoot.toString(), overrides));
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(target);
                else Files.copy(source, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
