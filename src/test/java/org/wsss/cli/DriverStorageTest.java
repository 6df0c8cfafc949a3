package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.config.SparkSettings;
import org.wsss.spark.SparkSessions;
import org.wsss.testing.S3ProxyServer;

/**
 * Commands that write from the driver without a Spark session (synth, prepare) reach object storage with the
 * S3A settings given as Spark settings, as the stages do: from spark-submit (system properties) or wsss.spark.conf.
 */
class DriverStorageTest {
    /** Hadoop caches file systems by bucket for the JVM: a bucket of its own keeps other tests' servers out. */
    static final String BUCKET = "driver-storage";
    @TempDir
    static Path dir;
    static S3ProxyServer s3;

    @BeforeAll
    static void startObjectStore() throws Exception {
        s3 = S3ProxyServer.start(dir, BUCKET);
    }

    @AfterAll
    static void stopObjectStore() throws Exception {
        s3.close();
    }

    @Test
    void hadoopSettingsComeFromSystemPropertiesThenFromTheSettings() {
        System.setProperty("spark.hadoop.wsss.test.both", "from-submit");
        System.setProperty("spark.hadoop.wsss.test.submit-only", "from-submit");
        try {
            SparkSettings settings = new SparkSettings("local[1]", "t", true, false, Map.of(
                    "spark.hadoop.wsss.test.both", "from-settings", "spark.executor.memory", "1g"));
            Configuration conf = SparkSessions.hadoopConfiguration(settings);
            assertEquals("from-settings", conf.get("wsss.test.both"));
            assertEquals("from-submit", conf.get("wsss.test.submit-only"));
            assertEquals(null, conf.get("executor.memory"), "only spark.hadoop.* keys are Hadoop settings");
        } finally {
            System.clearProperty("spark.hadoop.wsss.test.both");
            System.clearProperty("spark.hadoop.wsss.test.submit-only");
        }
    }

    @Test
    void synthWritesTheDatasetIntoTheBucket() throws Exception {
        List<String> args = new ArrayList<>(List.of("synth", "--out", "s3a://" + BUCKET + "/synthetic",
                "--breeds", "2", "--per-breed", "3", "--min-side", "32", "--max-side", "40"));
        s3.sparkOverrides().forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        WsssCliTest.Outcome o = WsssCliTest.run(args.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.err());
        Path written = s3.storageDir().resolve(BUCKET).resolve("synthetic");
        assertTrue(Files.isRegularFile(written.resolve("annotations/trainval.txt")), "no list file in the bucket");
        try (var images = Files.list(written.resolve("images"))) {
            assertTrue(images.anyMatch(p -> p.getFileName().toString().endsWith(".jpg")), "no images in the bucket");
        }
    }
}
