package org.wsss.spark;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.wsss.config.SparkSettings;

/** The one place that creates the Spark session. */
public final class SparkSessions {
    private static final String LOOPBACK = "127.0.0.1";
    /** A local run on a laptop shuffles little; Spark's default of 200 partitions only adds overhead. */
    private static final String LOCAL_SHUFFLE_PARTITIONS = "8";
    private static final String HADOOP_PREFIX = "spark.hadoop.";

    private SparkSessions() {}

    /** DJL reads this once, when the PyTorch engine first loads. */
    static final String TORCH_THREADS = "ai.djl.pytorch.num_threads";

    /**
     * Torch threads per task on the CPU. In local mode the executors live in this JVM, so setting the property here,
     * before the engine loads, is enough; clusters pass it in spark.executor.extraJavaOptions (docs/DEPLOY.md).
     * An explicit -D on the command line wins.
     */
    public static void configureCpuThreads(int threadsPerTask) {
        if (System.getProperty(TORCH_THREADS) == null) {
            System.setProperty(TORCH_THREADS, String.valueOf(threadsPerTask));
        }
    }

    public static SparkSession create(SparkSettings settings) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(settings.appName())
                .config("spark.ui.enabled", String.valueOf(settings.ui()))
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.parquet.compression.codec", "snappy");
        // spark-submit already set the master; only a direct launch names it here.
        if (System.getProperty("spark.master") == null) builder.master(settings.master());
        if (settings.isLocal()) builder.config("spark.sql.shuffle.partitions", LOCAL_SHUFFLE_PARTITIONS);
        if (settings.bindLoopback()) {
            builder.config("spark.driver.host", LOOPBACK).config("spark.driver.bindAddress", LOOPBACK);
        }
        for (Map.Entry<String, String> e : settings.conf().entrySet()) builder.config(e.getKey(), e.getValue());
        SparkSession spark = builder.getOrCreate();
        ObjectStoreTimeouts.applyTo(spark.sparkContext().hadoopConfiguration());
        return spark;
    }

    /**
     * The Hadoop configuration a session would get, for commands that only touch files on the driver (synth,
     * prepare) and need no session: {@code spark.hadoop.*} settings from spark-submit (which hands them over as
     * system properties) and then from {@code wsss.spark.conf}, prefix removed, as Spark itself does.
     */
    public static Configuration hadoopConfiguration(SparkSettings settings) {
        Configuration conf = new Configuration();
        for (String key : System.getProperties().stringPropertyNames()) {
            setHadoopKey(conf, key, System.getProperty(key));
        }
        for (Map.Entry<String, String> e : settings.conf().entrySet()) setHadoopKey(conf, e.getKey(), e.getValue());
        ObjectStoreTimeouts.applyTo(conf);
        return conf;
    }

    private static void setHadoopKey(Configuration conf, String sparkKey, String value) {
        if (sparkKey.startsWith(HADOOP_PREFIX)) conf.set(sparkKey.substring(HADOOP_PREFIX.length()), value);
    }

    /** Labels the Spark jobs of one stage in the UI and event log, then clears the label. */
    public static <T> T inJobGroup(SparkSession spark, String stage, String description,
                                   java.util.function.Supplier<T> work) {
        spark.sparkContext().setJobGroup(stage, description, false);
        try {
            return work.get();
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }
}
