package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.config.SynthSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.SparkValues;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.StageContext;
import org.wsss.testing.TestSpark;

/**
 * The mistakes new users make, each through {@code deploy/wsss} in its own process as a user would: stderr holds
 * one {@code wsss: error:} line and no stack trace, the exit code is 2 for the user's mistakes and 1 for faults, an
 * unreachable object store gives up within half a minute, nothing another export wrote is overwritten, an index of
 * nothing usable is not complete, and lists saved by a Windows editor index every image.
 */
class LauncherFailuresTest {
    private static final String S3A = "spark.conf.\"spark.hadoop.fs.s3a.";
    @TempDir
    Path dir;

    @Test
    void mistakesFoundBeforeSparkStartsAreOneLineWithExitCodeTwo() throws Exception {
        Path data = synthesize(dir.resolve("data"));
        String notWritable = LauncherRun.of(dir, Map.of(), "index", "--data-root", "data", "--run-root", "/proc/x")
                .errorLine(Wsss.USER_ERROR);
        assertTrue(notWritable.contains("run root /proc/x is not writable"), notWritable);

        String master = LauncherRun.of(dir, Map.of(), "index", "--data-root", data.toString(), "--master", "lokal")
                .errorLine(Wsss.USER_ERROR);
        assertTrue(master.contains("\"lokal\" is not a master URL") && master.contains("local[*]"), master);

        String missing = LauncherRun.of(dir, Map.of(), "index", "--data-root", "nowhere", "--run-root", "run")
                .errorLine(Wsss.USER_ERROR);
        assertTrue(missing.contains("nowhere does not exist"), missing);

        Path file = Files.writeString(dir.resolve("masks.txt"), "not a folder");
        String outIsFile = LauncherRun.of(dir, Map.of(), "export-masks", "--run-root", "run", "--method", "cam",
                "--out", file.toString()).errorLine(Wsss.USER_ERROR);
        assertTrue(outIsFile.contains("--out " + file + " is a file"), outIsFile);
    }

    @Test
    void verboseShowsTheStackTraceAndTheRunRootKeepsIt() throws Exception {
        LauncherRun quiet = LauncherRun.of(dir, Map.of(), "index", "--data-root", "nowhere", "--run-root", "run");
        quiet.errorLine(Wsss.USER_ERROR);
        try (Stream<Path> logs = Files.list(dir.resolve("run/_logs"))) {
            Path log = logs.findFirst().orElseThrow();
            assertTrue(Files.readString(log).contains("\tat org.wsss.cli.Preflight"), "no stack trace in " + log);
        }
        LauncherRun verbose = LauncherRun.of(dir, Map.of(), "index", "--data-root", "nowhere", "--run-root", "run",
                "--verbose");
        assertEquals(Wsss.USER_ERROR, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat org.wsss.cli.Preflight"), verbose.err());
    }

    @Test
    void objectStorageWithoutCredentialsOrEndpointFailsInBoundedTimeNamingWhatToSet() throws Exception {
        int closedPort = closedLoopbackPort();
        List<String> s3a = List.of("index", "--data-root", "s3a://pets/oxford-pet", "--run-root", "run",
                "--set", S3A + "endpoint\"=http://127.0.0.1:" + closedPort,
                "--set", S3A + "endpoint.region\"=us-east-1", "--set", S3A + "path.style.access\"=true");

        String noCredentials = LauncherRun.of(dir, Map.of(), s3a.toArray(String[]::new)).errorLine(Wsss.USER_ERROR);
        assertTrue(noCredentials.contains("no credentials") && noCredentials.contains("s3a://pets/oxford-pet")
                && noCredentials.contains("fs.s3a.access.key") && noCredentials.contains("AWS_ACCESS_KEY_ID"),
                noCredentials);

        LauncherRun unreachable = LauncherRun.of(dir, Map.of("AWS_ACCESS_KEY_ID", "wsss-test",
                "AWS_SECRET_ACCESS_KEY", "wsss-test-secret"), s3a.toArray(String[]::new));
        String line = unreachable.errorLine(Wsss.FAILURE);
        assertTrue(line.contains("cannot reach s3a://pets/oxford-pet")
                && line.contains("endpoint http://127.0.0.1:" + closedPort) && line.contains("fs.s3a.retry.limit"),
                line);
        // Hadoop's defaults took 166 s here; JVM start-up and the two tries fit well inside this.
        assertTrue(unreachable.seconds() < 40, "gave up only after " + unreachable.seconds() + " s");
    }

    @Test
    void anIndexOfNothingUsableIsNotCompleteAndSaysWhy() throws Exception {
        Path data = synthesize(dir.resolve("data"));
        try (Stream<Path> trimaps = Files.list(data.resolve("annotations/trimaps"))) {
            for (Path trimap : trimaps.toList()) Files.delete(trimap);
        }
        String line = LauncherRun.of(dir, Map.of(), "index", "--data-root", "data", "--run-root", "run",
                "--master", "local[1]").errorLine(Wsss.USER_ERROR);
        assertTrue(line.contains("no usable image") && line.contains("most common reason: missing trimap (10)"), line);
        assertFalse(Files.exists(dir.resolve("run/index/_stage.json")), "the empty index was marked complete");
    }

    @Test
    void windowsSavedListsAndAQuotedSetValueIndexEveryImage() throws Exception {
        Path data = synthesize(dir.resolve("data"));
        for (String list : List.of("list.txt", "trainval.txt", "test.txt")) {
            Path file = data.resolve("annotations").resolve(list);
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\n", "\r\n");
            Files.writeString(file, "\uFEFF" + text, StandardCharsets.UTF_8);
        }
        LauncherRun run = LauncherRun.of(dir, Map.of(), "index", "--set", "data-root=\"" + data + "\"",
                "--run-root", "run", "--master", "local[1]");
        run.assertSucceeded();
        assertTrue(run.out().contains("[index] done: 10 rows, 0 rejects"), run.out());
    }

    @Test
    void exportsOfTwoMethodsShareAFolderAndNothingElseIsOverwritten() throws Exception {
        Path run = dir.resolve("run");
        StageContext context = TestSpark.context(TestSpark.settings(dir.resolve("data"), run));
        byte[] labels = {0, 0, 5, 5, 5, 0};
        List<Row> masks = Stream.of("cam", "rw_crf").flatMap(method -> Stream.of("a_1", "b_2").map(id ->
                RowFactory.create(id, method, 3, 2, SparkValues.intArray(5), ImageEncoding.labelPng(labels, 3, 2),
                        null)))
                .toList();
        context.tables().replace(Tables.MASKS, context.spark().createDataFrame(masks, Tables.MASKS.schema()));
        List<String> common = List.of("--run-root", run.toString(), "--master", "local[1]",
                "--set", "spark.bind-loopback=true");

        String out = dir.resolve("masks").toString();
        assertEquals(0, WsssCliTest.run(args("export-masks", "--method", "rw_crf", "--out", out, common))
                .exitCode());
        Path other = dir.resolve("masks/rw_crf/a_1.png");
        Files.write(other, new byte[] {1, 2, 3}); // marks the file: an export of cam must leave it as it is
        LauncherRun cam = LauncherRun.of(dir, Map.of(), args("export-masks", "--method", "cam", "--out", out, common));
        cam.assertSucceeded();
        assertTrue(Files.isRegularFile(dir.resolve("masks/cam/a_1.png")), cam.out());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(other), "the rw_crf export was overwritten");

        Path foreign = Files.createDirectories(dir.resolve("old/cam")).resolve("a_1.png");
        Files.write(foreign, new byte[] {4});
        String refused = LauncherRun.of(dir, Map.of(), args("export-masks", "--method", "cam", "--out", "old",
                common)).errorLine(Wsss.USER_ERROR);
        assertTrue(refused.contains("did not write"), refused);
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(foreign));
    }

    private static String[] args(String command, String option, String method, String out, String outValue,
                                 List<String> common) {
        return Stream.concat(Stream.of(command, option, method, out, outValue), common.stream())
                .toArray(String[]::new);
    }

    /** Ten listed images of two breeds, none of the archive's quirks. */
    private static Path synthesize(Path data) {
        new SyntheticDataset(Storage.local()).write(data.toString(), new SynthSettings(2, 5, 3, 32, 40, 0.3, false));
        return data;
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
