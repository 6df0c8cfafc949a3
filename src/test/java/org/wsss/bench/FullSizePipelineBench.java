package org.wsss.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.wsss.cli.Wsss;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ForwardCost;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.backbone.ResNetLayer;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.seg.AsppHead;
import org.wsss.model.weights.SafetensorsFormat;

/**
 * The production preset ({@code conf/pets-resnet50.conf}, ResNet-50 in both stages from ImageNet-format weights)
 * end to end on synthetic pets of realistic size, each stage run through the command line as a user runs it, in this
 * JVM: seconds per image, peak resident memory and the peak of what lies outside the JVM's own memory (PyTorch's
 * native tensors, mostly), and the forward cost of each network pass computed from the shapes.
 *
 * <p>The weights are the backbone's own seeded initialisation written as a {@code .safetensors} file: the figures
 * are about cost, not quality. Training is one epoch per stage.
 *
 * <pre>
 * flock /tmp/wsss-heavy.lock mvn -B -Pbench -DskipTests verify -Dbench.main=org.wsss.bench.FullSizePipelineBench \
 *     -Dbench=16 -Dbench.args="300 500 target/fullsize-bench"
 * </pre>
 */
public final class FullSizePipelineBench {
    private static final List<String> STAGES = List.of("index", "train-cam", "cams", "affinity-labels",
            "train-affinity", "tune", "random-walk", "train-seg", "segment", "evaluate", "report");
    /** Trainval images the tune stage sweeps (and train-affinity holds out): few, so that a small set still trains. */
    private static final int TUNING_IMAGES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BREEDS = 4;
    private static final int CLASSES = 37;
    private static final int AFFINITY_FEATURES = 448;

    private FullSizePipelineBench() {}

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int minSide = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int maxSide = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Path work = Path.of(args.length > 3 ? args[3] : "target/fullsize-bench").toAbsolutePath();
        Path data = work.resolve("data");
        Path run = work.resolve("run");
        deleteRecursively(run);
        Files.createDirectories(work);

        check(Wsss.execute("synth", "--out", data.toString(), "--breeds", Integer.toString(BREEDS),
                "--per-breed", Integer.toString(Math.max(2, images / BREEDS)), "--seed", "23",
                "--min-side", Integer.toString(minSide), "--max-side", Integer.toString(maxSide)), "synth");
        Path weights = work.resolve("resnet50-init.safetensors");
        writeInitialisedWeights(weights);
        double[] meanSize = meanImageSize(data.resolve("images"));
        Map<String, Double> gflops = passCosts(meanSize[0], meanSize[1]);

        List<String> common = List.of("--conf", "conf/pets-resnet50.conf", "--data-root", data.toString(),
                "--run-root", run.toString(), "--master", "local[2]",
                "--set", "train-cam.pretrained=" + weights, "--set", "train-affinity.pretrained=" + weights,
                "--set", "train-cam.epochs=1", "--set", "train-affinity.epochs=1", "--set", "train-seg.epochs=1",
                "--set", "tune.images=" + TUNING_IMAGES);
        List<String> rows = new ArrayList<>();
        for (String stage : STAGES) {
            List<String> command = new ArrayList<>();
            command.add(stage);
            command.addAll(common);
            MemorySampler sampler = MemorySampler.start();
            long started = System.nanoTime();
            int code = Wsss.execute(command.toArray(String[]::new));
            double seconds = (System.nanoTime() - started) / 1e9;
            sampler.stop();
            check(code, stage);
            long items = stageRows(run, stage);
            rows.add(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %,d | %,d | %s |", stage, items, seconds,
                    items > 0 ? seconds / items : Double.NaN, sampler.peakResidentMb(), sampler.peakOutsideJvmMb(),
                    gflops.containsKey(stage) ? String.format(Locale.ROOT, "%.0f", gflops.get(stage)) : ""));
        }
        System.out.printf(Locale.ROOT, "%nfull-size preset: %d images, mean %.0f x %.0f px, local[2]%n", images,
                meanSize[0], meanSize[1]);
        System.out.println("| stage | rows | s | s/row | peak RSS MB | peak outside JVM MB | GFLOP/image |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /**
     * GFLOP (2 x MACs) per image of each stage's network work. Training: a step costs about three forwards (the
     * backward pass is about twice the forward) at the crop size. CAMs: four scales, each with its mirror image.
     */
    private static Map<String, Double> passCosts(double width, double height) {
        int crop = 448;
        Map<String, Double> costs = new LinkedHashMap<>();
        costs.put("train-cam", 3 * camForwardGflop(crop, crop));
        double cams = 0;
        for (double scale : new double[] {1.0, 0.5, 1.5, 2.0}) {
            cams += 2 * camForwardGflop((int) Math.round(width * scale), (int) Math.round(height * scale));
        }
        costs.put("cams", cams);
        costs.put("train-affinity", 3 * affinityForwardGflop(crop, crop));
        costs.put("random-walk", affinityForwardGflop((int) Math.round(width), (int) Math.round(height)));
        costs.put("tune", affinityForwardGflop((int) Math.round(width), (int) Math.round(height)));
        costs.put("train-seg", 3 * segForwardGflop(crop, crop));
        costs.put("segment", segForwardGflop((int) Math.round(width), (int) Math.round(height)));
        return costs;
    }

    private static double camForwardGflop(int width, int height) {
        long macs = ForwardCost.backboneMacs(BackboneKind.RESNET50, height, width)
                + ForwardCost.pointwiseMacs(BackboneKind.RESNET50.outputChannels(ResNetLayer.LAYER4), CLASSES,
                        height, width);
        return 2 * macs / 1e9;
    }

    /** The backbone plus DeepLab v2's head: one 3x3 convolution to the classes (and background) per rate. */
    private static double segForwardGflop(int width, int height) {
        long head = AsppHead.RATES.size() * 9L
                * ForwardCost.pointwiseMacs(BackboneKind.RESNET50.outputChannels(ResNetLayer.LAYER4), CLASSES + 1,
                        height, width);
        return 2 * (ForwardCost.backboneMacs(BackboneKind.RESNET50, height, width) + head) / 1e9;
    }

    /** The backbone plus the three projections (512, 1024, 2048 -> 64, 128, 256) and the 448 x 448 fusion. */
    private static double affinityForwardGflop(int width, int height) {
        long macs = ForwardCost.backboneMacs(BackboneKind.RESNET50, height, width)
                + ForwardCost.pointwiseMacs(512, 64, height, width)
                + ForwardCost.pointwiseMacs(1024, 128, height, width)
                + ForwardCost.pointwiseMacs(2048, 256, height, width)
                + ForwardCost.pointwiseMacs(AFFINITY_FEATURES, AFFINITY_FEATURES, height, width);
        return 2 * macs / 1e9;
    }

    /** ResNet-50's seeded initialisation under torchvision names, as an ImageNet file would carry them. */
    private static void writeInitialisedWeights(Path file) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = ResNetBackbone.builder().setKind(BackboneKind.RESNET50).build();
            backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            NamedParameters.of(backbone).forEach((name, p) -> tensors.put(name, HostArrays.toHost(p.getArray())));
            try (OutputStream out = Files.newOutputStream(file)) {
                SafetensorsFormat.write(tensors, Map.of("format", "pt"), out);
            }
        }
    }

    private static double[] meanImageSize(Path images) throws IOException {
        double width = 0;
        double height = 0;
        int count = 0;
        File[] files = images.toFile().listFiles((dir, name) -> name.endsWith(".jpg") && !name.startsWith("._"));
        for (File file : files == null ? new File[0] : files) {
            try (ImageInputStream in = ImageIO.createImageInputStream(file)) {
                var readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) continue;
                ImageReader reader = readers.next();
                reader.setInput(in);
                width += reader.getWidth(0);
                height += reader.getHeight(0);
                count++;
                reader.dispose();
            } catch (IOException e) {
                // a deliberately broken quirk file: not part of the run
            }
        }
        return new double[] {width / count, height / count};
    }

    private static long stageRows(Path run, String stage) throws IOException {
        Path report = run.resolve(stage).resolve("_stage.json");
        if (!Files.exists(report)) return 0;
        JsonNode json = JSON.readTree(report.toFile());
        return json.path("rows").asLong();
    }

    private static void check(int exitCode, String what) {
        if (exitCode != 0) throw new IllegalStateException(what + " exited with " + exitCode);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Samples this process's resident memory and the JVM's committed memory every 100 ms. The peak resident figure
     * is the kernel's high-water mark, reset at the start ({@code /proc/self/clear_refs}); "outside the JVM" is the
     * largest sampled difference between resident memory and the JVM's committed heap and non-heap pools.
     */
    private static final class MemorySampler {
        private final AtomicLong peakOutsideKb = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        static MemorySampler start() throws IOException {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            MemorySampler sampler = new MemorySampler();
            sampler.thread = new Thread(sampler::sample, "memory-sampler");
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        private void sample() {
            while (running) {
                long outside = statusKb("VmRSS:") - jvmCommittedKb();
                peakOutsideKb.accumulateAndGet(outside, Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peakResidentMb() {
            return statusKb("VmHWM:") / 1024;
        }

        long peakOutsideJvmMb() {
            return peakOutsideKb.get() / 1024;
        }

        private static long jvmCommittedKb() {
            long bytes = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                bytes += pool.getUsage().getCommitted();
            }
            return bytes / 1024;
        }

        private static long statusKb(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            } catch (IOException e) {
                return -1;
            }
            return -1;
        }
    }
}
