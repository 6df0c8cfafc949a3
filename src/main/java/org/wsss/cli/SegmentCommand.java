package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.wsss.config.WsssSettings;
import org.wsss.jobs.seg.SegmentCollection;
import org.wsss.jobs.seg.SegmentStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "segment", mixinStandardHelpOptions = true,
        description = {"Masks from the trained segmentation network, one forward pass per image, no labels needed.",
                "Without --images: masks of method seg for every indexed image of the run (test split included), "
                        + "and seg_crf refined by the dense CRF with segment.crf = true (the default).",
                "With --images URI --out URI: masks for any collection: a folder (searched recursively for .jpg, "
                        + ".jpeg, .png, .bmp, .gif), a text file of image URIs, or a Parquet table with an image_uri "
                        + "column. Writes OUT/masks (Parquet: image_uri, width, height, classes, mask PNG; "
                        + "CRF-refined with segment.crf = true), "
                        + "OUT/rejects, and with --png OUT/png/<name>.png. Resumes: images already done are skipped."})
public final class SegmentCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--images", paramLabel = "URI", description = "A folder, text list or Parquet table of images.")
    String images;

    @Option(names = "--out", paramLabel = "URI", description = "Output folder for --images.")
    String out;

    @Option(names = "--png", description = "Also write one palette PNG per image under OUT/png.")
    boolean png;

    @Override
    public Integer call() throws Exception {
        WsssSettings settings = common.settings();
        if (images == null) {
            if (out != null || png) throw new UserError("--out and --png go with --images");
            StageRunner.run(settings, List.of(new SegmentStage()), false);
            return 0;
        }
        if (out == null) throw new UserError("--images needs --out, the folder for the masks");
        SparkSessions.configureCpuThreads(settings.devices().cpuThreadsPerTask());
        SparkSession spark = SparkSessions.create(settings.spark());
        try {
            SegmentCollection.Result result = SegmentCollection.run(StageContext.create(spark, settings), images,
                    out, png);
            Console.line("[segment] %d images segmented, rejects %s, %d already done; %.1f s (%s)",
                    result.images(), result.rejects(), result.skipped(), result.seconds(), result.checkpoint());
            return 0;
        } finally {
            spark.stop();
        }
    }
}
