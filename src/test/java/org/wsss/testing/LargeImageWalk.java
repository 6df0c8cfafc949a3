package org.wsss.testing;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.wsss.algo.crf.CrfSettings;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.synth.SyntheticPetPainter;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.io.MaskMethods;
import org.wsss.io.Storage;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.walk.RandomWalkImage;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.walk.RandomWalks;
import org.wsss.model.walk.WalkSegmenter;

/**
 * The random-walk stage's per-image function on one large synthetic pet (SMALL backbone, sparse walk with PSA's
 * settings, CRF on), meant for a child JVM with a fixed heap: {@code LargeImageWalk SIDE WORK_DIR}. Prints one line
 * starting {@value #RESULT} with the time and memory, and exits non-zero if the masks are not what they should be.
 */
public final class LargeImageWalk {
    public static final String RESULT = "large image walk:";
    private static final long MB = 1 << 20;
    private static final long SAMPLE_MILLIS = 10;

    private LargeImageWalk() {}

    public static void main(String[] args) throws Exception {
        int side = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        SyntheticPetPainter.PaintedPet painted = SyntheticPetPainter.paint(0, 11L, side, side);
        Path photo = dir.resolve("large-" + side + ".png");
        Files.write(photo, ImageEncoding.png(painted.image()));
        int[] trimap = new int[painted.trimap().length];
        for (int i = 0; i < trimap.length; i++) trimap[i] = painted.trimap()[i];
        byte[] cams = CamCodec.encode(FakeCams.camOf(trimap, side, side));
        RandomWalkImage.Input input = new RandomWalkImage.Input("large", side, side, new int[] {1}, cams,
                photo.toString(), Set.of());
        painted = null;
        trimap = null;

        List<String> methods = List.of(MaskMethods.RW, MaskMethods.RW_CRF);
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, 1L, Device.cpu())) {
            RandomWalkImage image = new RandomWalkImage(Storage.local(), new WalkSegmenter(model.network(),
                    model.model().getNDManager(), RandomWalks.create(RandomWalkSettings.defaults()), 16,
                    new DenseCrf(CrfSettings.psaDefaults())), methods);
            HeapSampler heap = HeapSampler.start();
            long started = System.nanoTime();
            List<Outcome> outcomes = image.process(input);
            double seconds = (System.nanoTime() - started) / 1e9;
            heap.stop();
            requireMasks(outcomes, methods, side);
            System.out.printf(Locale.ROOT, "%s %dx%d in %.1f s; heap used at most %d MB of %d MB (sampled every %d ms,"
                            + " garbage included); peak resident set %d MB%n", RESULT, side, side, seconds,
                    heap.peak() / MB, Runtime.getRuntime().maxMemory() / MB, SAMPLE_MILLIS, peakResidentBytes() / MB);
        }
    }

    private static void requireMasks(List<Outcome> outcomes, List<String> methods, int side) throws Exception {
        if (outcomes.size() != methods.size() || !outcomes.stream().allMatch(Outcome::isRow)) {
            throw new IllegalStateException("expected one mask per method, got " + outcomes);
        }
        for (Outcome outcome : outcomes) {
            int[] size = new int[2];
            ImageDecoding.decodeFirstBand((byte[]) outcome.row().get(5), size);
            if (size[0] != side || size[1] != side) {
                throw new IllegalStateException("mask is " + size[0] + "x" + size[1]);
            }
        }
    }

    /** The JVM's peak resident set (Java heap, native PyTorch memory and all), from Linux's VmHWM; -1 elsewhere. */
    private static long peakResidentBytes() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) return -1;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /** Polls heap usage from a daemon thread; the largest value seen. */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            Thread thread = new Thread(() -> {
                while (sampler.running) {
                    sampler.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(SAMPLE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
            return sampler;
        }

        void stop() {
            running = false;
        }

        long peak() {
            return peak.get();
        }
    }
}
