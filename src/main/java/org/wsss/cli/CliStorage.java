package org.wsss.cli;

import org.wsss.config.WsssSettings;
import org.wsss.io.HadoopConf;
import org.wsss.io.Storage;
import org.wsss.spark.SparkSessions;

/**
 * Storage for commands that write files from the driver without a Spark session (synth, prepare, the demo's data),
 * with the same S3A or HDFS settings the stages get, so {@code --data-root s3a://...} reaches the same endpoint.
 */
final class CliStorage {
    private CliStorage() {}

    static Storage of(WsssSettings settings) {
        return new Storage(new HadoopConf(SparkSessions.hadoopConfiguration(settings.spark())));
    }
}
