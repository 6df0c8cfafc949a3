package org.wsss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.wsss.config.SparkSettings;

class ObjectStoreTimeoutsTest {
    @Test
    void replaceHadoopsDefaultsButNeverAUsersValue() {
        SparkSettings settings = new SparkSettings("local[1]", "t", true, false,
                Map.of("spark.hadoop.fs.s3a.retry.limit", "9"));
        Configuration conf = SparkSessions.hadoopConfiguration(settings);
        assertEquals("9", conf.get("fs.s3a.retry.limit"), "set in wsss.spark.conf");
        assertEquals("1", conf.get("fs.s3a.attempts.maximum"), "Hadoop's core-default.xml says 5");
        assertEquals("15s", conf.get("fs.s3a.connection.establish.timeout"));

        Configuration fromSpark = new Configuration();
        fromSpark.set("fs.s3a.attempts.maximum", "4", "spark.hadoop");
        ObjectStoreTimeouts.applyTo(fromSpark);
        assertEquals("4", fromSpark.get("fs.s3a.attempts.maximum"), "set by spark-submit --conf");
        assertEquals("0", fromSpark.get("fs.s3a.retry.limit"));
    }
}
