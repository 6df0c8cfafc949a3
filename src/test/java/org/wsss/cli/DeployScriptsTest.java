package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts of {@code deploy/} as Spark and users run them: the GPU discovery script's JSON, and the launcher's
 * refusal to hand off to a cluster without a usable spark-submit. (The hand-off itself runs in the cluster test.)
 */
class DeployScriptsTest {
    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {}

    @Test
    void discoveryListsTheIndexesNvidiaSmiReports() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path nvidiaSmi = bin.resolve("nvidia-smi");
        // What nvidia-smi --query-gpu=index --format=csv,noheader prints on a node with three GPUs.
        Files.writeString(nvidiaSmi, "#!/bin/sh\nprintf '0\\n1\\n2\\n'\n");
        assertTrue(nvidiaSmi.toFile().setExecutable(true));
        Result r = run(Map.of("PATH", bin + ":/usr/bin:/bin"), "deploy/gpu-discovery.sh");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\", \"2\"]}", r.out().strip());
    }

    @Test
    void discoveryUsesFakeAddressesWhenAsked() throws Exception {
        assertEquals("{\"name\": \"gpu\", \"addresses\": [\"4\", \"5\"]}",
                run(Map.of("WSSS_FAKE_GPUS", "4,5"), "deploy/gpu-discovery.sh").out().strip());
        assertEquals("{\"name\": \"gpu\", \"addresses\": []}",
                run(Map.of("WSSS_FAKE_GPUS", ""), "deploy/gpu-discovery.sh").out().strip());
    }

    @Test
    void discoveryFailsWithoutNvidiaSmiOrOnAStrangeIndex() throws Exception {
        Result missing = run(Map.of("PATH", Files.createDirectories(dir.resolve("empty")) + ":/bin"),
                "deploy/gpu-discovery.sh");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("nvidia-smi not found"), missing.err());
        Result strange = run(Map.of("WSSS_FAKE_GPUS", "0,gpu1"), "deploy/gpu-discovery.sh");
        assertEquals(1, strange.exitCode());
        assertTrue(strange.err().contains("unexpected GPU index 'gpu1'"), strange.err());
    }

    @Test
    void clusterMasterWithoutSparkHomeIsOneLineAndExitCodeTwo() throws Exception {
        for (String master : List.of("spark://master:7077", "yarn", "k8s://https://k8s:6443")) {
            Result r = run(Map.of(), "deploy/wsss", "index", "--master", master);
            assertEquals(Wsss.USER_ERROR, r.exitCode(), r.err());
            assertEquals("wsss: error: --master " + master + " runs through spark-submit: set SPARK_HOME to a"
                    + " Spark 4.1 installation", r.err().strip());
        }
        Result r = run(Map.of("SPARK_HOME", dir.toString()), "deploy/wsss", "index", "--master=yarn");
        assertEquals(Wsss.USER_ERROR, r.exitCode(), r.err());
        assertTrue(r.err().strip().endsWith(dir.resolve("bin/spark-submit") + " is missing or not executable"),
                r.err());
    }

    private Result run(Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("wsss.home", ".")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("bash", home.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        builder.environment().remove("SPARK_HOME");
        builder.environment().remove("WSSS_FAKE_GPUS");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " did not finish");
        return new Result(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }
}
