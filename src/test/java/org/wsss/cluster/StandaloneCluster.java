package org.wsss.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1: one master and some workers, each a child JVM running Spark's own main
 * class from a Spark home whose {@code jars/} folder the cluster profile assembles. Each worker offers fake GPUs
 * through {@code deploy/gpu-discovery.sh} and launches executors from that Spark home, as on real nodes.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private static final long START_TIMEOUT_MS = 120_000;

    /** One worker: its GPU addresses, cores and memory, and the environment of its node. */
    record WorkerSpec(String fakeGpus, int cores, String memory, Map<String, String> nodeEnvironment) {}

    private final Path sparkHome;
    private final Path dir;
    private final int masterPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private StandaloneCluster(Path sparkHome, Path dir, int masterPort, Process master) {
        this.sparkHome = sparkHome;
        this.dir = dir;
        this.masterPort = masterPort;
        this.master = master;
    }

    static StandaloneCluster start(Path sparkHome, Path dir, List<WorkerSpec> specs)
            throws IOException, InterruptedException {
        int port = freePort();
        Process master = java(sparkHome, dir.resolve("master.log"), Map.of(), List.of(),
                "org.apache.spark.deploy.master.Master", "--host", LOOPBACK, "--port", String.valueOf(port),
                "--webui-port", String.valueOf(freePort()));
        StandaloneCluster cluster = new StandaloneCluster(sparkHome, dir, port, master);
        try {
            for (WorkerSpec spec : specs) cluster.startWorker(spec);
            cluster.awaitLog(dir.resolve("master.log"), "Registering worker", specs.size());
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    String masterUrl() {
        return "spark://" + LOOPBACK + ":" + masterPort;
    }

    Path workDir(int worker) {
        return dir.resolve("worker-" + worker);
    }

    /** Every executor's stderr (Spark's log) under a worker's work folder. */
    List<Path> executorLogs(int worker) throws IOException {
        if (!Files.isDirectory(workDir(worker))) return List.of();
        try (Stream<Path> files = Files.walk(workDir(worker))) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
        }
    }

    /** Kills a worker and its executors at once, as when a node is lost. */
    void killWorker(int worker) throws InterruptedException {
        Process process = workers.get(worker);
        List<ProcessHandle> executors = process.descendants().toList();
        process.destroyForcibly();
        executors.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle executor : executors) executor.onExit().join();
    }

    private void startWorker(WorkerSpec spec) throws IOException {
        int index = workers.size();
        Path workDir = Files.createDirectories(workDir(index));
        Path discovery = Path.of(System.getProperty("wsss.home", ".")).resolve("deploy/gpu-discovery.sh")
                .toAbsolutePath();
        Map<String, String> env = new java.util.HashMap<>(spec.nodeEnvironment());
        env.put("WSSS_FAKE_GPUS", spec.fakeGpus());
        int gpus = spec.fakeGpus().isEmpty() ? 0 : spec.fakeGpus().split(",").length;
        workers.add(java(sparkHome, dir.resolve("worker-" + index + ".log"), env,
                List.of("-Dspark.worker.resource.gpu.amount=" + gpus,
                        "-Dspark.worker.resource.gpu.discoveryScript=" + discovery),
                "org.apache.spark.deploy.worker.Worker", "--host", LOOPBACK, "--cores", String.valueOf(spec.cores()),
                "--memory", spec.memory(), "--work-dir", workDir.toString(),
                "--webui-port", String.valueOf(freePort()), masterUrl()));
    }

    /** A JVM on the Spark home's jars, as Spark's sbin scripts start daemons. */
    private static Process java(Path sparkHome, Path log, Map<String, String> env, List<String> jvmOptions,
                                String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of(System.getProperty("wsss.spark.module.options", "").split(" +")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command.stream().filter(s -> !s.isEmpty()).toList())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        // Spark's launcher library (which builds executor commands) needs it; load-spark-env.sh sets it on nodes.
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", LOOPBACK);
        return builder.start();
    }

    private void awaitLog(Path log, String text, int count) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!master.isAlive()) throw new IOException("the Spark master exited; see " + log);
            if (Files.exists(log) && occurrences(Files.readString(log), text) >= count) return;
            Thread.sleep(250);
        }
        throw new IOException("fewer than " + count + " \"" + text + "\" lines in " + log);
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) count++;
        return count;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process worker : workers) {
            List<ProcessHandle> executors = worker.descendants().toList();
            worker.destroy();
            if (!worker.waitFor(15, TimeUnit.SECONDS)) worker.destroyForcibly();
            executors.forEach(ProcessHandle::destroyForcibly);
        }
        master.destroy();
        if (!master.waitFor(15, TimeUnit.SECONDS)) master.destroyForcibly();
    }
}
