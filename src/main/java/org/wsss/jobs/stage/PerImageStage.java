package org.wsss.jobs.stage;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.io.StageReport;
import org.wsss.io.TableSpec;
import org.wsss.io.Tables;
import org.wsss.spark.SparkSessions;

/**
 * The skeleton every per-image stage shares: join its inputs, keep the images without rows made from the current
 * inputs, spread them over partitions, run the stage's partition function, publish rows and rejects (retiring the
 * older rows of the images redone), and write the report stamped with the inputs. A stage supplies its
 * declarations, inputs, partition function and figures.
 */
public abstract class PerImageStage extends NamedStage {

    /**
     * Where a stage writes.
     *
     * @param table its output table
     * @param rejects its rejects table
     * @param methods the methods it writes to a table shared by several stages (keyed by image and method), or
     *     empty for a table of one row per image
     */
    public record Output(TableSpec table, TableSpec rejects, List<String> methods) {}

    /** The stage's partition function over the pending inputs; closing it releases what it shipped to executors. */
    public interface Work extends AutoCloseable {
        JavaRDD<Outcome> outcomes();

        @Override
        default void close() {}
    }

    /** What the Spark UI shows for the stage's job. */
    private final String jobDescription;

    protected PerImageStage(String name, String jobDescription) {
        super(name);
        this.jobDescription = jobDescription;
    }

    protected abstract Output output(StageContext context);

    /** The inputs, one row per image with an {@code image_id} column. */
    protected abstract Dataset<Row> inputs(StageContext context);

    /** The configured number of partitions (0: twice the default parallelism). */
    protected abstract int partitions(StageContext context);

    protected abstract Work work(StageContext context, Dataset<Row> pending) throws IOException;

    /** The settings records the report lists, by name. */
    protected abstract Map<String, Object> reportedSettings(StageContext context);

    /** Called before anything is computed (the CAM stage repairs what a stopped run left). */
    protected void before(StageContext context, String madeBy) throws IOException {}

    /** Publishes the outcomes; a stage that also derives rows for another table overrides this. */
    protected ResumableOutput.Published publish(StageContext context, ResumableOutput output, JavaRDD<Outcome> outcomes) {
        return output.publish(outcomes);
    }

    /** The report's figures, computed after publishing (a stage may write follow-up rows here). */
    protected Map<String, Object> figures(StageContext context, String madeBy) throws IOException {
        return new LinkedHashMap<>();
    }

    /** Every image's CAM row with where its photo is: what the stages after the CAMs read. */
    public static Dataset<Row> camsWithPhotos(StageContext context) {
        Dataset<Row> cams = context.tables().read(Tables.CAMS).drop(Tables.MADE_BY);
        return cams.join(context.tables().read(Tables.INDEX).select("image_id", "image_uri"), "image_id");
    }

    @Override
    public final StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        Declaration declared = declare(context);
        String madeBy = declared.fingerprint();
        Output where = output(context);
        ResumableOutput output = new ResumableOutput(context, where.table(), where.rejects(), madeBy);
        before(context, madeBy);
        Dataset<Row> pending = where.methods().isEmpty() ? output.pending(inputs(context))
                : output.pendingMethods(inputs(context), where.methods());
        ResumableOutput.Published published;
        try (Work work = work(context, pending.repartition(StageInputs.partitions(partitions(context), context)))) {
            published = SparkSessions.inJobGroup(context.spark(), name(), jobDescription,
                    () -> publish(context, output, work.outcomes()));
        }
        StageReport report = declared.stamp(new StageReport(name(), published.rows(), published.rejects(),
                StageInputs.secondsSince(started), StageReport.settingsOf(reportedSettings(context)),
                figures(context, madeBy)));
        report.write(context.storage(), context.layout());
        return report;
    }
}
