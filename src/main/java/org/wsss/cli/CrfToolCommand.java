package org.wsss.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.config.CrfConfig;
import org.wsss.io.RawFloats;
import org.wsss.io.Storage;
import org.wsss.spark.TaskCores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "crf", mixinStandardHelpOptions = true,
        description = "Dense CRF on one image and a raw score file (M x H x W float32 little-endian); writes Q.")
public final class CrfToolCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--image", required = true, paramLabel = "PNG", description = "The RGB image (its size is H x W).")
    String image;

    @Option(names = "--scores", required = true, paramLabel = "FILE", description = "Scores, M x H x W float32 LE.")
    String scores;

    @Option(names = "--labels", required = true, paramLabel = "M", description = "Number of labels M.")
    int labels;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output Q, M x H x W float32 LE.")
    String out;

    @Override
    public Integer call() throws Exception {
        if (labels < 1) throw new UserError("--labels must be at least 1, got " + labels);
        CrfConfig crf = common.settings().crf();
        Storage storage = Storage.local();
        RgbImage rgb = ImageDecoding.decodeRgb(storage.readBytes(new Path(Storage.qualify(image))));
        long values = (long) labels * rgb.width() * rgb.height();
        float[] input = RawFloats.read(storage, new Path(Storage.qualify(scores)), values);
        long started = System.nanoTime();
        float[] q = new DenseCrf(crf.crf(), TaskCores.threads(crf.threads())).infer(rgb.rgb(), input, labels, rgb.height(), rgb.width());
        RawFloats.write(storage, new Path(Storage.qualify(out)), q);
        Console.line("[tool crf] %d labels on %dx%d in %.0f ms -> %s", labels, rgb.width(), rgb.height(),
                (System.nanoTime() - started) / 1e6, out);
        return 0;
    }
}
