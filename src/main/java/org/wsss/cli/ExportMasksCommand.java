package org.wsss.cli;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.config.WsssSettings;
import org.wsss.io.RunLayout;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.StageContext;
import org.wsss.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export-masks", mixinStandardHelpOptions = true,
        description = "Write one method's masks as PNG files (palette index = class id 0..37, coloured for people).")
public final class ExportMasksCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--method", required = true, paramLabel = "M", description = "cam, rw, rw_crf, ...")
    String method;

    @Option(names = "--out", required = true, paramLabel = "URI",
            description = "Folder for the masks; they go to <out>/<method>/<image_id>.png. A method folder holding"
                    + " files this run's export did not write is refused, never overwritten.")
    String out;

    @Override
    public Integer call() throws IOException {
        WsssSettings settings = common.settings();
        Preflight.master(settings);
        Storage driverStorage = CliStorage.of(settings);
        Preflight.outputFolder(() -> driverStorage, "--out", out);
        Path target = new Path(Storage.qualify(out), method);
        String runRoot = new RunLayout(settings.runRoot()).runRoot();
        ExportClaim.check(driverStorage, target, runRoot, method);
        SparkSession spark = SparkSessions.create(settings.spark());
        try {
            StageContext context = StageContext.create(spark, settings);
            Dataset<Row> masks = context.tables().read(Tables.MASKS).filter(col("method").equalTo(method));
            long count = masks.count();
            if (count == 0) {
                java.util.List<String> methods = context.tables().read(Tables.MASKS).select("method").distinct()
                        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
                throw new UserError("no masks of method " + method + " in the run; methods present: " + methods);
            }
            ExportClaim.claim(driverStorage, target, runRoot, method);
            masks.foreachPartition(new WritePngs(context.storage(), target.toString()));
            Console.line("[export-masks] wrote %d %s masks to %s", count, method, target);
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** Re-encodes each stored mask as a palette PNG; runs on executors. */
    static final class WritePngs implements ForeachPartitionFunction<Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Storage storage;
        private final String folder;

        WritePngs(Storage storage, String folder) {
            this.storage = storage;
            this.folder = folder;
        }

        @Override
        public void call(Iterator<Row> rows) throws IOException {
            while (rows.hasNext()) {
                Row row = rows.next();
                int[] size = new int[2];
                int[] labels = ImageDecoding.decodeFirstBand((byte[]) row.getAs("mask"), size);
                byte[] bytes = new byte[labels.length];
                for (int i = 0; i < labels.length; i++) bytes[i] = (byte) labels[i];
                try {
                    storage.writeBytes(new Path(folder, row.<String>getAs("image_id") + ".png"),
                            ImageEncoding.paletteMaskPng(bytes, size[0], size[1]));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the mask of " + row.getAs("image_id"), e);
                }
            }
        }
    }
}
