package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code deploy/wsss} as a user starts it: a real process with its own JVM, its stdout, stderr, exit code
 * and wall-clock time. AWS credentials of the test's environment never reach it, and the AWS SDK is kept from
 * asking the cloud metadata address for any: the only server such a run may talk to is one on loopback.
 */
record LauncherRun(int exitCode, String out, String err, double seconds) {
    static LauncherRun of(Path workDir, Map<String, String> env, String... args) throws IOException,
            InterruptedException {
        Path home = Path.of(System.getProperty("wsss.home", ".")).toAbsolutePath();
        // Maven compiled target/ before any test ran; the launcher would otherwise rebuild it when a source was
        // edited after the classpath file was last written, printing its build output into stderr.
        Files.setLastModifiedTime(home.resolve("target/runtime-classpath.txt"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("deploy/wsss").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_") || key.equals("SPARK_HOME"));
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().put("WSSS_JAVA_OPTS", "-Xmx1g");
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("deploy/wsss " + String.join(" ", args) + " still running after 180 s");
        }
        return new LauncherRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - started) / 1e9);
    }

    /** The one {@code wsss: error:} line, after checking it is the only one and no stack trace came with it. */
    String errorLine(int expectedExitCode) {
        assertEquals(expectedExitCode, exitCode, "exit code; stderr:\n" + err);
        List<String> errors = err.lines().filter(l -> l.startsWith("wsss: error: ")).toList();
        assertEquals(1, errors.size(), "one error line expected in:\n" + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception in thread"), "stack trace printed:\n" + err);
        assertJvmQuiet();
        return errors.get(0);
    }

    void assertJvmQuiet() {
        assertFalse(err.contains("incubator modules"), "the JVM's incubator warning is printed:\n" + err);
    }

    void assertSucceeded() {
        assertEquals(0, exitCode, "stdout:\n" + out + "\nstderr:\n" + err);
        assertTrue(err.lines().noneMatch(l -> l.startsWith("wsss: error")), err);
        assertJvmQuiet();
    }
}
