package org.wsss.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real S3-compatible server (s3proxy on the filesystem back end) in a child JVM on 127.0.0.1. A child process,
 * because s3proxy's servlet and Jackson versions clash with Spark's on one classpath.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "wsss-test-access";
    public static final String SECRET_KEY = "wsss-test-secret-Do-Not-Log-7f3a";
    public static final String REGION = "us-east-1";

    private final int port;
    private final Path storageDir;
    private final Path workDir;
    private Process process;

    private S3ProxyServer(int port, Path storageDir, Path workDir) {
        this.port = port;
        this.storageDir = storageDir;
        this.workDir = workDir;
    }

    public static S3ProxyServer start(Path workDir, String... buckets) throws IOException, InterruptedException {
        int port = freePort();
        Path storage = Files.createDirectories(workDir.resolve("s3-storage"));
        for (String bucket : buckets) Files.createDirectories(storage.resolve(bucket));
        Files.writeString(workDir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + storage.toAbsolutePath(),
                ""));
        S3ProxyServer server = new S3ProxyServer(port, storage, workDir);
        server.launch();
        return server;
    }

    /** Stops the server for {@code outage}, then starts it again on the same port with the same objects. */
    public void restart(java.time.Duration outage) throws IOException, InterruptedException {
        close();
        Thread.sleep(outage.toMillis());
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        String jar = System.getProperty("wsss.s3proxy.jar", "target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(Path.of(jar))) throw new IllegalStateException("s3proxy jar not found at " + jar);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(java.toString(), "-Xmx512m", "-jar", jar, "--properties",
                workDir.resolve("s3proxy.properties").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("s3proxy.log").toFile()))
                .start();
        awaitListening();
    }

    public int port() {
        return port;
    }

    public Path storageDir() {
        return storageDir;
    }

    /** S3A settings for this server, as Hadoop keys. */
    public Map<String, String> hadoopSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        s.put("fs.s3a.endpoint.region", REGION);
        s.put("fs.s3a.path.style.access", "true");
        s.put("fs.s3a.connection.ssl.enabled", "false");
        s.put("fs.s3a.access.key", ACCESS_KEY);
        s.put("fs.s3a.secret.key", SECRET_KEY);
        s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        s.put("fs.s3a.attempts.maximum", "3");
        s.put("fs.s3a.retry.limit", "3");
        return s;
    }

    /** The same settings as {@code --set} overrides of wsss.spark.conf (spark.hadoop.* keys). */
    public Map<String, String> sparkOverrides() {
        Map<String, String> s = new LinkedHashMap<>();
        hadoopSettings().forEach((k, v) -> s.put("spark.conf.\"spark.hadoop." + k + "\"", v));
        return s;
    }

    private void awaitListening() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("s3proxy exited with " + process.exitValue());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("s3proxy did not start listening on port " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
