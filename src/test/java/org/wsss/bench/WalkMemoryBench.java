package org.wsss.bench;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.walk.RandomWalkMethod;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.walk.RandomWalks;
import org.wsss.model.walk.WalkSegmenter;

/**
 * Peak resident growth of one image through the random walk (AffinityNet features, walk, upsampling; no CRF) on a
 * fresh thread, as a Spark task runs it. Arguments: backbone, width, height, walk method (sparse|dense).
 */
public final class WalkMemoryBench {
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        BackboneKind kind = BackboneKind.fromName(args[0]);
        int width = Integer.parseInt(args[1]);
        int height = Integer.parseInt(args[2]);
        RandomWalkMethod method = RandomWalkMethod.valueOf(args[3].toUpperCase(Locale.ROOT));
        RandomWalkSettings defaults = RandomWalkSettings.defaults();
        RandomWalkSettings settings = new RandomWalkSettings(defaults.beta(), defaults.logt(), defaults.radius(),
                method);
        SplittableRandom random = new SplittableRandom(1L);
        byte[] rgb = new byte[3 * width * height];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) random.nextInt(256);
        float[] cams = new float[width * height];
        for (int i = 0; i < cams.length; i++) cams[i] = (float) random.nextDouble();
        RgbImage image = new RgbImage(width, height, rgb);
        try (AffinityModel model = AffinityModel.create(kind, 1L, Device.cpu())) {
            WalkSegmenter segmenter = new WalkSegmenter(model.network(), model.model().getNDManager(),
                    RandomWalks.create(settings), 16, null);
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            long before = PeakMemory.currentResidentMegabytes();
            long start = System.nanoTime();
            Thread task = new Thread(() -> segmenter.segment(image, new ChannelStack(1, height, width, cams),
                    new int[] {1}, false), "task");
            task.start();
            task.join();
            System.out.printf(Locale.ROOT, "%s %dx%d, %s walk: %.1f s, peak resident growth %d MB%n", args[0], width,
                    height, args[3], (System.nanoTime() - start) / 1e9, PeakMemory.residentMegabytes() - before);
        }
    }
}
