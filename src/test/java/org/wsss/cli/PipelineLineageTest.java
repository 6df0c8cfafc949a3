package org.wsss.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.io.EvaluationMetrics;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;
import org.wsss.io.TableIO;
import org.wsss.io.TableSpec;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.StageContext;
import org.wsss.testing.TestSpark;

/**
 * Re-runs follow changes, on one tiny run from the command line: a setting that only changes speed runs nothing; a
 * changed walk setting re-runs the walk and what reads it; a crash while the walk's rows are published leaves each
 * image's old rows; and retraining stage 1 with another seed re-makes everything after it, leaving no old row.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineLineageTest {
    private static final List<String> STAGES = List.of("index", "train-cam", "cams", "affinity-labels",
            "train-affinity", "random-walk", "train-seg", "segment", "evaluate", "report");

    @TempDir
    static Path dir;
    private static Path data;
    private static Path run;
    /** Settings every later run keeps, changed step by step. */
    private static final Map<String, String> settings = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void firstRun() {
        data = dir.resolve("data");
        run = dir.resolve("run");
        WsssCliTest.Outcome synth = WsssCliTest.run("synth", "--out", data.toString(), "--breeds", "2",
                "--per-breed", "5", "--min-side", "80", "--max-side", "96", "--seed", "4");
        assertEquals(0, synth.exitCode(), synth.err());
        settings.putAll(Map.of("train-cam.epochs", "1", "train-cam.steps-per-round", "2", "train-cam.crop", "64",
                "train-cam.min-long-side", "64", "train-cam.max-long-side", "88", "train-affinity.epochs", "1",
                "train-affinity.steps-per-round", "2", "train-affinity.crop", "80", "cams.scales", "[1.0]",
                // The walk's own settings are what this test changes; tuning would replace them (TuneStageTest).
                "tune.images", "0"));
        settings.putAll(Map.of("train-seg.epochs", "1", "train-seg.steps-per-round", "2", "train-seg.crop", "64"));
        WsssCliTest.Outcome first = command("pipeline");
        assertEquals(0, first.exitCode(), first.out() + first.err());
        for (String stage : STAGES) assertTrue(first.out().contains("[" + stage + "] "), first.out());
    }

    @AfterEach
    void openTheGate() {
        TableIO.setSwitchGate(table -> { });
    }

    private static WsssCliTest.Outcome command(String name, String... extra) {
        return WsssCliTest.run(arguments(name, extra).toArray(String[]::new));
    }

    private static List<String> arguments(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of(name, "--conf", PipelineTest.TestConf.demo(), "--data-root",
                data.toString(), "--run-root", run.toString(), "--master", "local[2]",
                "--set", "spark.bind-loopback=true"));
        settings.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        args.addAll(List.of(extra));
        return args;
    }

    private static String line(String stage, String says) {
        return "[" + stage + "] (" + (STAGES.indexOf(stage) + 1) + "/10) " + says;
    }

    @Test
    @Order(1)
    void settingsThatOnlyChangeSpeedRunNothing() {
        settings.put("random-walk.threads", "2");
        settings.put("crf.threads", "2");
        settings.put("cams.batch-size", "3");
        WsssCliTest.Outcome again = command("pipeline");
        assertEquals(0, again.exitCode(), again.err());
        for (String stage : STAGES) assertTrue(again.out().contains(line(stage, "up to date")), again.out());
        assertFalse(again.out().contains("running"), again.out());
    }

    @Test
    @Order(2)
    void aChangedWalkSettingReRunsTheWalkAndWhatReadsIt() throws IOException {
        String camsBefore = fingerprint("cams");
        settings.put("random-walk.logt", "3");
        WsssCliTest.Outcome again = command("pipeline");
        assertEquals(0, again.exitCode(), again.err());
        for (String stage : STAGES.subList(0, 5)) {
            assertTrue(again.out().contains(line(stage, "up to date")), again.out());
        }
        assertTrue(again.out().contains(line("random-walk", "stale: random-walk.logt 4 -> 3")), again.out());
        assertTrue(again.out().contains(line("train-seg", "stale: random-walk output changed")), again.out());
        assertTrue(again.out().contains(line("segment", "stale: train-seg checkpoint changed")), again.out());
        assertTrue(again.out().contains(line("evaluate", "stale: random-walk output changed, segment output changed")),
                again.out());
        assertTrue(again.out().contains(line("report", "stale: evaluate output changed, random-walk output changed, "
                + "segment output changed, train-seg output changed")), again.out());
        assertEquals(camsBefore, fingerprint("cams"));
        assertOneCurrentRowPerImageAndMethod();
    }

    @Test
    @Order(3)
    void aCrashWhileTheWalkPublishesLeavesEachImagesOldRows() throws IOException {
        String walkBefore = fingerprint("random-walk");
        List<Row> before = maskKeysAndMakers();
        settings.put("random-walk.logt", "2");
        TableIO.setSwitchGate(table -> {
            if (table.equals(Tables.MASKS)) throw new IllegalStateException("the JVM dies here");
        });
        WsssCliTest.Outcome crashed = command("random-walk");
        assertNotEquals(0, crashed.exitCode(), crashed.out());
        assertEquals(before, maskKeysAndMakers(), "the rows as they were: the new ones are not live");
        assertEquals(walkBefore, fingerprint("random-walk"));

        openTheGate();
        WsssCliTest.Outcome resumed = command("pipeline");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains(line("random-walk", "stale: random-walk.logt 3 -> 2")), resumed.out());
        assertNotEquals(walkBefore, fingerprint("random-walk"));
        assertOneCurrentRowPerImageAndMethod();
        assertEquals(allRowsOnDisk(Tables.MASKS), rows(Tables.MASKS).size(), "the crash's batches are gone");
    }

    @Test
    @Order(4)
    void retrainingStageOneWithAnotherSeedRemakesEverythingAfterIt() throws IOException {
        Map<String, String> before = new HashMap<>();
        for (String stage : STAGES) before.put(stage, fingerprint(stage));
        String camCheckpoint = (String) report("cams").inputs().get("train-cam checkpoint");
        settings.put("train-cam.seed", "5");
        WsssCliTest.Outcome retrained = command("train-cam", "--resume");
        assertEquals(0, retrained.exitCode(), retrained.err());
        assertFalse(retrained.out().contains("resuming"), "--resume continues only a run of the same inputs: "
                + retrained.out());

        WsssCliTest.Outcome again = command("pipeline");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains(line("index", "up to date")), again.out());
        assertTrue(again.out().contains(line("train-cam", "up to date")), again.out());
        assertTrue(again.out().contains(line("cams", "stale: train-cam checkpoint changed")), again.out());
        assertTrue(again.out().contains(line("affinity-labels", "stale: cams output changed")), again.out());
        assertTrue(again.out().contains(line("train-affinity", "stale: affinity-labels output changed, "
                + "train-cam checkpoint changed")), again.out());
        for (String stage : STAGES.subList(2, 10)) {
            assertNotEquals(before.get(stage), fingerprint(stage), stage + " was not made again");
        }
        assertNotEquals(camCheckpoint, report("cams").inputs().get("train-cam checkpoint"));
        for (TableSpec table : List.of(Tables.CAMS, Tables.AFFINITY_LABELS, Tables.CAMS_REJECTS,
                Tables.AFFINITY_LABELS_REJECTS, Tables.RANDOM_WALK_REJECTS)) {
            String stage = table.name().startsWith("cams") ? "cams"
                    : table.name().startsWith("affinity") ? "affinity-labels" : "random-walk";
            if (Files.exists(run.resolve(table.name()))) {
                assertEquals(Set.of(fingerprint(stage)), makersOnDisk(table), table.name());
            }
        }
        assertEquals(Set.of(fingerprint("cams"), fingerprint("random-walk"), fingerprint("segment")),
                makersOnDisk(Tables.MASKS));
        assertOneCurrentRowPerImageAndMethod();
        for (String model : List.of("cam", "affinity")) {
            try (Stream<Path> runs = Files.list(run.resolve("checkpoints").resolve(model))) {
                assertEquals(1, runs.filter(Files::isDirectory).count(), model + ": earlier runs are removed");
            }
        }
        EvaluationMetrics metrics = EvaluationMetrics.read(context().storage(), context().layout()).orElseThrow();
        assertEquals(report("random-walk").inputs().get("train-affinity checkpoint"),
                metrics.lineage().get(MaskMethods.RW).checkpoints().get("train-affinity checkpoint"));
        assertEquals(fingerprint("cams"), metrics.lineage().get(MaskMethods.CAM).fingerprint());
        String page = Files.readString(run.resolve("report/index.html"));
        assertTrue(page.contains("What made each method"), "the report says what made each method");
        assertTrue(page.contains(fingerprint("random-walk")) && page.contains(fingerprint("cams")), "fingerprints");
        assertTrue(page.contains((String) report("random-walk").inputs().get("train-affinity checkpoint")));
    }

    private static StageContext context() {
        return TestSpark.context(TestSpark.settings(data, run));
    }

    private static StageReport report(String stage) throws IOException {
        return StageReport.read(context().storage(), context().layout(), stage);
    }

    private static String fingerprint(String stage) throws IOException {
        return report(stage).fingerprint();
    }

    private static List<Row> rows(TableSpec table) {
        return context().tables().read(table).collectAsList();
    }

    /** Each image has one row of each method, made from the current inputs of the stage that writes the method. */
    private static void assertOneCurrentRowPerImageAndMethod() throws IOException {
        Map<String, String> makerOf = Map.of(MaskMethods.CAM, fingerprint("cams"), MaskMethods.CAM_CRF,
                fingerprint("cams"), MaskMethods.RW, fingerprint("random-walk"), MaskMethods.RW_CRF,
                fingerprint("random-walk"), MaskMethods.SEG, fingerprint("segment"), MaskMethods.SEG_CRF,
                fingerprint("segment"));
        Set<String> seen = new java.util.HashSet<>();
        for (Row row : context().tables().read(Tables.MASKS).select("image_id", "method", Tables.MADE_BY)
                .collectAsList()) {
            assertTrue(seen.add(row.getString(0) + "/" + row.getString(1)), "twice: " + row);
            assertEquals(makerOf.get(row.getString(1)), row.getString(2), row.toString());
        }
        assertFalse(seen.isEmpty());
    }

    private static List<Row> maskKeysAndMakers() {
        return context().tables().read(Tables.MASKS).select("image_id", "method", Tables.MADE_BY)
                .orderBy("image_id", "method").collectAsList();
    }

    /** Every row in the table's folder, live or not. */
    private static long allRowsOnDisk(TableSpec table) {
        return TestSpark.session().read().option("mergeSchema", "true")
                .parquet(run.resolve(table.name()).toString()).count();
    }

    private static Set<String> makersOnDisk(TableSpec table) {
        Set<String> makers = new java.util.HashSet<>();
        for (Row row : TestSpark.session().read().option("mergeSchema", "true")
                .parquet(run.resolve(table.name()).toString()).select(col(Tables.MADE_BY)).distinct().collectAsList()) {
            makers.add(row.getString(0));
        }
        return makers;
    }

    /**
     * A real crash: the walk re-runs in a child JVM that is killed (SIGKILL) as soon as its new batch folder
     * appears in the masks table, that is while it publishes. Whenever the kill lands, each image keeps one row
     * per method, all made by the old inputs or all by the new; the next run finishes the job and tidies up.
     */
    @Test
    @Order(5)
    void aKilledJvmLeavesEitherTheOldOrTheNewRows() throws Exception {
        String walkBefore = fingerprint("random-walk");
        Set<String> foldersBefore = batchFolders(Tables.MASKS);
        settings.put("random-walk.logt", "1");
        List<String> childJvm = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-") || option.startsWith("-XX:") || option.startsWith("-D")) {
                childJvm.add(option);
            }
        }
        childJvm.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"), Wsss.class.getName()));
        childJvm.addAll(arguments("random-walk"));
        Process child = new ProcessBuilder(childJvm).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed-walk.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (child.isAlive() && foldersBefore.containsAll(batchFolders(Tables.MASKS))) {
                assertTrue(System.nanoTime() < deadline, "the walk never started publishing");
                Thread.sleep(2);
            }
        } finally {
            child.destroyForcibly().waitFor();
        }

        Map<String, Set<String>> makersByMethod = new HashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Row row : maskKeysAndMakers()) {
            assertTrue(seen.add(row.getString(0) + "/" + row.getString(1)), "twice: " + row);
            makersByMethod.computeIfAbsent(row.getString(1), m -> new java.util.HashSet<>()).add(row.getString(2));
        }
        for (String method : List.of(MaskMethods.RW, MaskMethods.RW_CRF)) {
            assertEquals(1, makersByMethod.get(method).size(), method + ": old and new rows mixed");
        }
        assertEquals(walkBefore, fingerprint("random-walk"), "the killed run completed nothing");

        WsssCliTest.Outcome resumed = command("pipeline");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertOneCurrentRowPerImageAndMethod();
        assertEquals(allRowsOnDisk(Tables.MASKS), rows(Tables.MASKS).size(), "the killed run's batches are gone");
    }

    private static Set<String> batchFolders(TableSpec table) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve(table.name()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(TableIO.BATCH_COLUMN + "="))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
