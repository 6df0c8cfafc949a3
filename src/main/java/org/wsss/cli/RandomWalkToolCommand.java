package org.wsss.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.config.RandomWalkConfig;
import org.wsss.io.RawFloats;
import org.wsss.io.Storage;
import org.wsss.model.walk.RandomWalks;
import org.wsss.spark.TaskCores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "random-walk", mixinStandardHelpOptions = true,
        description = "Random walk on raw features (C x H x W) and scores (K x H x W), float32 little-endian. "
                + "--set wsss.random-walk.method=sparse|dense picks the method.")
public final class RandomWalkToolCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--features", required = true, paramLabel = "FILE", description = "Features, C x H x W.")
    String features;

    @Option(names = "--cam", required = true, paramLabel = "FILE", description = "Scores, K x H x W (channel 0 background).")
    String cam;

    @Option(names = "--channels", required = true, paramLabel = "C", description = "Feature channels C.")
    int channels;

    @Option(names = "--classes", required = true, paramLabel = "K", description = "Score channels K.")
    int classes;

    @Option(names = "--height", required = true, paramLabel = "H", description = "Height H.")
    int height;

    @Option(names = "--width", required = true, paramLabel = "W", description = "Width W.")
    int width;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output, K x H x W.")
    String out;

    @Override
    public Integer call() throws Exception {
        if (Math.min(Math.min(channels, classes), Math.min(height, width)) < 1) {
            throw new UserError("--channels, --classes, --height and --width must be positive");
        }
        RandomWalkConfig walk = common.settings().randomWalk();
        Storage storage = Storage.local();
        long pixels = (long) height * width;
        ChannelStack featureStack = new ChannelStack(channels, height, width,
                RawFloats.read(storage, new Path(Storage.qualify(features)), channels * pixels));
        ChannelStack scores = new ChannelStack(classes, height, width,
                RawFloats.read(storage, new Path(Storage.qualify(cam)), classes * pixels));
        long started = System.nanoTime();
        ChannelStack result = RandomWalks.create(walk.walk(), TaskCores.threads(walk.threads())).propagate(featureStack, scores);
        RawFloats.write(storage, new Path(Storage.qualify(out)), result.values());
        Console.line("[tool random-walk] %s walk, %d steps on %dx%d in %.0f ms -> %s",
                walk.walk().method().settingName(), walk.walk().steps(), width, height,
                (System.nanoTime() - started) / 1e6, out);
        return 0;
    }
}
