package org.wsss.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.wsss.config.SynthSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.affinity.AffinityLabelsStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;

/**
 * A synthetic dataset carried to real affinity labels in seconds: indexed, CAMs made from the trimaps
 * ({@link FakeCams}), then the affinity-label stage. Training stages then run on copies of its run root, each
 * with its own settings, so their checkpoints never mix.
 *
 * @param dataRoot the dataset
 * @param baseRunRoot the run root holding the index and the affinity labels
 */
public record AffinityLabelFixture(Path dataRoot, Path baseRunRoot) {

    public static AffinityLabelFixture prepare(Path dir, SynthSettings synth) throws IOException {
        Path data = dir.resolve("data");
        Path run = dir.resolve("base-run");
        new SyntheticDataset(Storage.local()).write(data.toString(), synth);
        StageContext context = TestSpark.context(TestSpark.settings(data, run));
        new IndexStage().run(context);
        context.tables().replace(Tables.CAMS,
                context.spark().createDataFrame(FakeCams.fromTrimaps(context), Tables.CAMS.computedSchema()));
        new AffinityLabelsStage().run(context);
        return new AffinityLabelFixture(data, run);
    }

    /** A fresh run root at {@code runRoot} holding a copy of the base run's tables, with these settings. */
    public StageContext newRun(Path runRoot, Map<String, String> overrides) {
        copyTree(baseRunRoot, runRoot);
        return existingRun(runRoot, overrides);
    }

    /** A run root made by {@link #newRun} earlier, with other settings (e.g. to resume it). */
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
