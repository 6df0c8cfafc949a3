package org.wsss.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.testing.S3ProxyServer;
import org.wsss.testing.TestSpark;

/**
 * The application jar through {@code deploy/wsss} and spark-submit on a Spark standalone cluster on 127.0.0.1 (a
 * master and two workers with two fake GPUs each), running every stage of the pipeline (tiny networks, briefly
 * trained) on a synthetic dataset read from {@code s3a://} (s3proxy), writing the run there too. Credentials reach
 * the driver and the nodes only as environment variables. Faults: one worker is killed while the CAM stage runs,
 * the driver is killed during stage-1 training and the stage resubmitted with {@code --resume}, and the object
 * store is restarted while the evaluation runs. The CPU natives are on the executors' class path only, as the
 * driver needs none.
 */
@Tag("cluster")
class SparkSubmitClusterIT {
    private static final String BUCKET = "pets";
    private static final String DATA = "s3a://" + BUCKET + "/data";
    private static final String RUN = "s3a://" + BUCKET + "/run";
    private static final int BREEDS = 3;
    private static final int PER_BREED = 8;
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern DEVICE_LINE =
            Pattern.compile("task \\d+ \\(stage [^)]*\\) on executor (\\S+): gpu address (\\S+) -> (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLED_TRAINING_EPOCHS = 9;
    private static final Pattern RESUMED = Pattern.compile("\\[train-cam\\] resuming after round (\\d+) of (\\d+)");
    /** The demo preset's networks, trained for a moment: the test is about the cluster, not the masks. */
    private static final List<String> TINY_TRAINING = List.of(
            "--set", "train-cam.epochs=2", "--set", "train-cam.steps-per-round=2", "--set", "train-cam.crop=64",
            "--set", "train-cam.min-long-side=64", "--set", "train-cam.max-long-side=88",
            "--set", "train-affinity.epochs=1", "--set", "train-affinity.steps-per-round=2",
            "--set", "train-affinity.crop=80",
            "--set", "train-seg.epochs=1", "--set", "train-seg.steps-per-round=2", "--set", "train-seg.crop=64");

    /** Kept when a test fails: the logs of the master, workers, executors and drivers are the evidence. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    static S3ProxyServer s3;
    static StandaloneCluster cluster;
    static Path runOnDisk;
    static int listedImages;
    static Submission synth;
    static Submission index;
    static Submission trainCamKilled;
    static Submission trainCam;
    /** train-cam's report as the resumed run left it: the pipeline later retrains with other epochs (stale). */
    static JsonNode trainCamReport;
    static Submission cams;
    static Submission pipeline;
    /** Null when the pipeline rode out the object-store restart; else the failed first try. */
    static Submission pipelineInterrupted;

    record Submission(int exitCode, String output) {}

    @BeforeAll
    static void runThePipelineOnTheCluster() throws Exception {
        s3 = S3ProxyServer.start(dir, BUCKET);
        runOnDisk = s3.storageDir().resolve(BUCKET).resolve("run");
        // Each node has the object store's credentials in its environment, as it would from its instance role.
        Map<String, String> node = Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY, "AWS_REGION", S3ProxyServer.REGION);
        cluster = StandaloneCluster.start(sparkHome(), dir, List.of(
                new StandaloneCluster.WorkerSpec("0,1", 2, "2g", node),
                new StandaloneCluster.WorkerSpec("0,1", 2, "2g", node)));

        synth = submit("synth", "synth", "--out", DATA, "--breeds", String.valueOf(BREEDS),
                "--per-breed", String.valueOf(PER_BREED), "--min-side", "80", "--max-side", "96");
        Matcher listed = Pattern.compile("wrote (\\d+) listed images").matcher(synth.output());
        listedImages = listed.find() ? Integer.parseInt(listed.group(1)) : -1;
        index = submit("index", "index", "--set", "index.partitions=4");
        // Stage 1 with a few more rounds than the rest: the driver is killed once round 1 is checkpointed.
        trainCamKilled = submitAndKillDriverOnceItPrints("train-cam-killed", "[train-cam] round 1/",
                "train-cam", "--set", "train-cam.epochs=" + KILLED_TRAINING_EPOCHS);
        trainCam = submit("train-cam", "train-cam", "--resume", "--set", "train-cam.epochs=" + KILLED_TRAINING_EPOCHS);
        trainCamReport = stageReport("train-cam");
        cams = submitAndKillWorkerOnceItRuns("cams", 1, "cams", "--set", "cams.partitions=12",
                "--set", "cams.batch-size=1", "--set", "cams.scales=[1.0, 0.5]", "--set", "cams.flip=true");

        Submission first = submitAndRestartObjectStore("pipeline", "evaluate", "pipeline");
        if (first.exitCode() == 0) {
            pipeline = first;
        } else {
            pipelineInterrupted = first;
            pipeline = submit("pipeline-again", "pipeline");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (s3 != null) s3.close();
    }

    @Test
    void indexReadsTheDatasetFromObjectStorage() throws IOException {
        assertEquals(0, synth.exitCode(), synth.output());
        assertEquals(0, index.exitCode(), index.output());
        assertEquals(BREEDS * PER_BREED, listedImages, synth.output());
        JsonNode report = stageReport("index");
        assertEquals(listedImages, report.get("rows").asInt(), report.toString());
        assertEquals(listedImages, table("index").count());
        assertTrue(table("index").first().<String>getAs("image_uri").startsWith(DATA + "/images/"));
    }

    @Test
    void stageOneTrainsOnTheExecutorsAndLeavesACheckpoint() throws IOException {
        assertEquals(0, trainCam.exitCode(), trainCam.output());
        assertTrue(stageReport("train-cam").has("figures"), "no figures in train-cam's report");
        assertTrue(Files.isRegularFile(runOnDisk.resolve("checkpoints/cam/LATEST")), "no stage-1 checkpoint");
    }

    @Test
    void trainingResumesFromTheLastCheckpointAfterTheDriverIsKilled() throws IOException {
        assertNotEquals(0, trainCamKilled.exitCode(), trainCamKilled.output());
        assertTrue(trainCamKilled.output().contains("[train-cam] round 1/"), trainCamKilled.output());
        Matcher resumed = RESUMED.matcher(trainCam.output());
        assertTrue(resumed.find(), trainCam.output());
        int after = Integer.parseInt(resumed.group(1));
        int rounds = Integer.parseInt(resumed.group(2));
        assertTrue(after >= 1 && after < rounds, "resumed after round " + after + " of " + rounds);
        assertEquals(0, trainCam.exitCode(), trainCam.output());
        assertFalse(trainCam.output().contains("[train-cam] round 1/"), "the resubmission redid round 1");
        assertTrue(trainCam.output().contains("[train-cam] round " + rounds + "/" + rounds), trainCam.output());
        JsonNode figures = trainCamReport.get("figures");
        assertEquals(rounds, figures.get("rounds").asInt(), "rounds.json keeps the rounds before the kill");
        assertTrue(figures.get("finished").asBoolean(), figures.toString());
    }

    @Test
    void camStageSurvivesALostWorkerAndWritesEachImageExactlyOnce() throws IOException {
        assertEquals(0, cams.exitCode(), cams.output());
        assertTrue(cams.output().contains("Lost executor"), "the driver never lost the killed worker's executor");
        Dataset<Row> written = table("cams");
        long indexed = table("index").count();
        assertEquals(indexed, written.count(), "one CAM row per indexed image");
        assertEquals(indexed, written.select("image_id").distinct().count(), "an image written twice");
        assertEquals(indexed, table("masks").filter("method = 'cam'").select("image_id").distinct().count());
        assertEquals(indexed, table("masks").filter("method = 'cam'").count());
        assertEquals(indexed, stageReport("cams").get("rows").asLong());
    }

    @Test
    void tasksGetDistinctGpuAddressesAndMapThemToTheCpu() throws IOException {
        Map<String, Set<String>> addressesByExecutor = new TreeMap<>();
        Set<String> devices = new TreeSet<>();
        for (int worker = 0; worker < 2; worker++) {
            for (Path log : cluster.executorLogs(worker)) {
                Matcher m = DEVICE_LINE.matcher(Files.readString(log));
                while (m.find()) {
                    addressesByExecutor.computeIfAbsent("worker " + worker + " executor " + m.group(1),
                            k -> new TreeSet<>()).add(m.group(2));
                    devices.add(m.group(3));
                }
            }
        }
        assertTrue(addressesByExecutor.size() >= 2, "device choices on fewer than two executors: "
                + addressesByExecutor);
        Set<String> all = new TreeSet<>();
        addressesByExecutor.values().forEach(all::addAll);
        assertEquals(Set.of("0", "1"), all, "gpu addresses by executor: " + addressesByExecutor);
        // No CUDA libtorch on these nodes: each task falls back to the CPU, keeping the address it was given.
        assertEquals(Set.of(Device.cpu().toString()), devices);
    }

    @Test
    void theDriverRunsEveryStageWithoutTheNativeLibrary() throws IOException {
        // Training stages made their starting parameters in an executor task; no stage built a network on the driver.
        assertEquals(0, pipeline.exitCode(), pipeline.output());
        assertFalse(torchLibraries(djlCache()).isEmpty(), "the executors unpacked no libtorch in " + djlCache());
        assertEquals(List.of(), torchLibraries(driverDjlCache()), "the driver loaded the PyTorch engine");
    }

    @Test
    void restOfThePipelineCompletesAfterTheObjectStoreRestart() throws IOException {
        if (pipelineInterrupted != null) {
            // Failing is allowed, but only with a clear error and without marking the stage complete.
            assertTrue(pipelineInterrupted.output().contains("wsss: error:"), pipelineInterrupted.output());
        }
        assertEquals(0, pipeline.exitCode(), pipeline.output());
        for (String stage : List.of("affinity-labels", "train-affinity", "random-walk", "evaluate", "report")) {
            assertTrue(Files.isRegularFile(runOnDisk.resolve(stage).resolve("_stage.json")), stage + " incomplete");
        }
        JsonNode methods = JSON.readTree(runOnDisk.resolve("eval/metrics.json").toFile()).get("methods");
        for (String method : List.of("cam", "rw", "rw_crf")) {
            assertTrue(methods.has(method), "no scores of method " + method + ": " + methods);
        }
        long testImages = table("index").filter("split = 'test'").count();
        Dataset<Row> perImage = table("eval/per_image").filter("method = 'rw'");
        assertTrue(perImage.count() > 0 && perImage.count() <= testImages, "rw scores of " + perImage.count()
                + " of " + testImages + " test images");
        assertEquals(perImage.count(), perImage.select("image_id").distinct().count(), "an image scored twice");
        assertTrue(Files.isRegularFile(runOnDisk.resolve("report/index.html")));
    }

    @Test
    void theSecretKeyAppearsInNoOutputTableReportOrLog() throws IOException {
        byte[] secret = S3ProxyServer.SECRET_KEY.getBytes(StandardCharsets.UTF_8);
        List<Path> searched = new ArrayList<>();
        List<Path> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                // The object store's own configuration must hold it; the DJL cache holds only libtorch, and the jars
                // executors fetch are the build's.
                String name = file.getFileName().toString();
                if (name.equals("s3proxy.properties") || name.endsWith(".jar") || file.startsWith(djlCache())
                        || file.startsWith(driverDjlCache())) {
                    continue;
                }
                searched.add(file);
                if (contains(Files.readAllBytes(file), secret)) leaks.add(file);
            }
        }
        assertTrue(searched.stream().anyMatch(p -> p.toString().contains("events")), "no event log searched");
        assertTrue(searched.stream().anyMatch(p -> p.endsWith("stderr")), "no executor log searched");
        assertTrue(searched.stream().anyMatch(p -> p.endsWith("_stage.json")), "no stage report searched");
        assertEquals(List.of(), leaks, "the secret key was written to these files");
    }

    // ---- the scenario ----

    private static Submission submit(String label, String... args) throws IOException, InterruptedException {
        Process process = startSubmit(label, args);
        return finish(label, process);
    }

    /** Submits, waits until a task of the stage reports its device on {@code worker}, then kills that worker. */
    private static Submission submitAndKillWorkerOnceItRuns(String label, int worker, String... args)
            throws IOException, InterruptedException {
        long before = deviceLines(worker); // earlier applications' executors logged theirs in the same folder
        Process process = startSubmit(label, args);
        if (!await(process, () -> deviceLines(worker) > before)) {
            throw new AssertionError("no task of " + label + " started on worker " + worker + " before the job"
                    + " ended: " + finish(label, process).output());
        }
        cluster.killWorker(worker);
        return finish(label, process);
    }

    /** Submits, waits until the driver prints {@code line}, then kills the driver (spark-submit and its children). */
    private static Submission submitAndKillDriverOnceItPrints(String label, String line, String... args)
            throws IOException, InterruptedException {
        Process process = startSubmit(label, args);
        Path output = dir.resolve(label + ".out");
        if (!await(process, () -> read(output).contains(line))) {
            throw new AssertionError("the driver ended before printing " + line + ": "
                    + finish(label, process).output());
        }
        List<ProcessHandle> driver = process.descendants().toList();
        process.destroyForcibly();
        driver.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : driver) handle.onExit().join();
        return finish(label, process);
    }

    /** Submits, waits until the driver prints that {@code stage} runs, then restarts the object store. */
    private static Submission submitAndRestartObjectStore(String label, String stage, String... args)
            throws IOException, InterruptedException {
        Process process = startSubmit(label, args);
        Path output = dir.resolve(label + ".out");
        if (!await(process, () -> read(output).contains("[" + stage + "]") && read(output).contains("running"))) {
            throw new AssertionError(stage + " did not start: " + finish(label, process).output());
        }
        s3.restart(Duration.ofSeconds(3));
        return finish(label, process);
    }

    private static Process startSubmit(String label, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", home().resolve("deploy/wsss").toString()));
        command.add(args[0]);
        command.addAll(List.of("--master", cluster.masterUrl(), "--data-root", DATA, "--run-root", RUN,
                "--conf", home().resolve("conf/demo.conf").toString(), "--set", "spark.bind-loopback=true"));
        command.addAll(TINY_TRAINING);
        // The command's own options last: a later --set of the same key wins.
        command.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve(label + ".out").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome().toString());
        // The CPU natives are on the executors' class path only (sparkProperties): the driver needs none.
        env.put("WSSS_SUBMIT_ARGS", "--properties-file " + sparkProperties());
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        env.put("AWS_REGION", S3ProxyServer.REGION);
        // Not the executors' cache, where they unpack libtorch: a driver loading the engine would find none there.
        env.put("DJL_CACHE_DIR", driverDjlCache().toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static Submission finish(String label, Process process) throws IOException, InterruptedException {
        if (!process.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(label + " did not finish in " + SUBMIT_TIMEOUT + ": "
                    + read(dir.resolve(label + ".out")));
        }
        String output = read(dir.resolve(label + ".out"));
        System.out.printf("---- %s: exit %d%n%s%n", label, process.exitValue(), output);
        return new Submission(process.exitValue(), output);
    }

    private static boolean await(Process process, BooleanSupplier condition) throws InterruptedException {
        while (process.isAlive()) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }

    /** The Spark settings of the application; S3A credentials are not among them. */
    private static Path sparkProperties() throws IOException {
        Path file = dir.resolve("spark-test.conf");
        if (Files.exists(file)) return file;
        Map<String, String> p = new TreeMap<>();
        p.put("spark.executor.cores", "2");
        p.put("spark.executor.memory", "1g");
        p.put("spark.executor.resource.gpu.amount", "2");
        p.put("spark.task.resource.gpu.amount", "1");
        p.put("spark.driver.memory", "1g");
        p.put("spark.executor.extraJavaOptions", "-Dai.djl.pytorch.num_threads=1");
        p.put("spark.executorEnv.DJL_CACHE_DIR", djlCache().toString());
        p.put("spark.executor.extraClassPath", cpuNatives().toString());
        p.put("spark.locality.wait", "0s");
        p.put("spark.task.maxFailures", "4");
        p.put("spark.eventLog.enabled", "true");
        // Plain text, so that the search for the secret below reads what Spark wrote.
        p.put("spark.eventLog.compress", "false");
        p.put("spark.eventLog.dir", Files.createDirectories(dir.resolve("events")).toUri().toString());
        s3.hadoopSettings().forEach((key, value) -> {
            if (!key.endsWith(".access.key") && !key.endsWith(".secret.key")) p.put("spark.hadoop." + key, value);
        });
        p.put("spark.hadoop.fs.s3a.aws.credentials.provider",
                "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider");
        p.put("spark.hadoop.fs.s3a.retry.limit", "10");
        p.put("spark.hadoop.fs.s3a.attempts.maximum", "10");
        StringBuilder text = new StringBuilder();
        p.forEach((key, value) -> text.append(key).append(' ').append(value).append('\n'));
        Files.writeString(file, text);
        return file;
    }

    // ---- reading what the run left ----

    private static long deviceLines(int worker) {
        try {
            long count = 0;
            for (Path log : cluster.executorLogs(worker)) {
                Matcher m = DEVICE_LINE.matcher(read(log));
                while (m.find()) count++;
            }
            return count;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Dataset<Row> table(String name) {
        return TestSpark.session().read().parquet(runOnDisk.resolve(name).toString());
    }

    private static JsonNode stageReport(String stage) throws IOException {
        return JSON.readTree(runOnDisk.resolve(stage).resolve("_stage.json").toFile());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static Path home() {
        return Path.of(System.getProperty("wsss.home", ".")).toAbsolutePath();
    }

    private static Path djlCache() {
        return dir.resolve("djl-cache");
    }

    private static Path driverDjlCache() {
        return dir.resolve("driver-djl-cache");
    }

    /** Files of the PyTorch engine's native libraries under {@code folder}. */
    private static List<Path> torchLibraries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("lib(torch|djl_torch).*\\.so.*")).toList();
        }
    }

    /** The Spark home the cluster profile assembled, with the test's spark-submit in bin/. */
    private static Path sparkHome() throws IOException {
        Path sparkHome = Path.of(System.getProperty("wsss.spark.home", "target/spark-home")).toAbsolutePath();
        Path submit = Files.createDirectories(sparkHome.resolve("bin")).resolve("spark-submit");
        Files.copy(home().resolve("src/test/cluster/spark-submit"), submit, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(submit.toFile().setExecutable(true));
        return sparkHome;
    }

    private static Path cpuNatives() throws IOException {
        Path folder = Path.of(System.getProperty("wsss.natives.dir", "target/natives"));
        try (Stream<Path> jars = Files.list(folder)) {
            return jars.filter(p -> p.getFileName().toString().startsWith("pytorch-native-cpu")).findFirst()
                    .orElseThrow(() -> new IOException("no pytorch-native-cpu jar in " + folder)).toAbsolutePath();
        }
    }
}
