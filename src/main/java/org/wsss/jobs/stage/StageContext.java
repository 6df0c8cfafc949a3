package org.wsss.jobs.stage;

import org.apache.spark.sql.SparkSession;
import org.wsss.config.WsssSettings;
import org.wsss.io.RunLayout;
import org.wsss.io.Storage;
import org.wsss.io.TableIO;

/** What every stage runs with: the session, the validated settings, and where to read and write. */
public record StageContext(SparkSession spark, WsssSettings settings, Storage storage, RunLayout layout) {

    public static StageContext create(SparkSession spark, WsssSettings settings) {
        Storage storage = new Storage(new org.wsss.io.HadoopConf(spark.sparkContext().hadoopConfiguration()));
        return new StageContext(spark, settings, storage, new RunLayout(settings.runRoot()));
    }

    public TableIO tables() {
        return new TableIO(spark, storage, layout);
    }
}
