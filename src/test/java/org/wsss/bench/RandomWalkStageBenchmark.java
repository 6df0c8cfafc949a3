package org.wsss.bench;

import ai.djl.Device;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.crf.CrfSettings;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.synth.SyntheticPetPainter;
import org.wsss.algo.walk.RandomWalk;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.algo.walk.WalkScores;
import org.wsss.config.ConfigLoader;
import org.wsss.config.SynthSettings;
import org.wsss.config.WsssSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.walk.RandomWalkImage;
import org.wsss.jobs.walk.RandomWalkStage;
import org.wsss.model.affinity.AffinityFeatureMaps;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.affinity.AffinityNet;
import org.wsss.model.affinity.StridePadding;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.walk.RandomWalks;
import org.wsss.model.walk.WalkSegmenter;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.spark.SparkSessions;
import org.wsss.testing.AffinityCheckpoints;
import org.wsss.testing.FakeCams;

/**
 * The random-walk stage's cost, with PSA's walk and CRF settings, the SMALL backbone and one thread per task:
 * <ul>
 *   <li>{@code sizes SIDE...}: the per-image function on one synthetic square pet per side, the median of
 *       {@value #REPEATS} runs after a warm-up, in wall time and in the process's CPU time, with a breakdown (in
 *       CPU time) into its parts, timed separately;</li>
 *   <li>{@code stage IMAGES MIN_SIDE MAX_SIDE}: the whole stage on one synthetic set under {@code local[1]} and
 *       {@code local[2]}, alternating, {@value #STAGE_ROUNDS} rounds each after a warm-up run.</li>
 * </ul>
 * Run with {@code -Dai.djl.pytorch.num_threads=1} so that PyTorch, like the walk and the CRF, uses one thread.
 */
public final class RandomWalkStageBenchmark {
    private static final int REPEATS = 5;
    private static final int STAGE_ROUNDS = 3;
    private static final int WARM_UP_SIDE = 200;
    private static final int STRIDE = AffinityNet.OUTPUT_STRIDE;
    private static final double BACKGROUND_POWER = 16;
    private static final int BREEDS = 4;
    /**
     * CPU time of the whole JVM (garbage collection included): on a shared machine it is steadier than wall time,
     * which counts the time other processes hold the cores.
     */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private RandomWalkStageBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("rw-stage-bench");
        switch (args[0]) {
            case "sizes" -> sizes(Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray(), work);
            case "stage" -> stage(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    work);
            default -> throw new IllegalArgumentException("mode must be sizes or stage, got " + args[0]);
        }
    }

    // ---- per image, against size

    private static void sizes(int[] sides, Path work) throws Exception {
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, 1L, Device.cpu())) {
            RandomWalk walk = RandomWalks.create(RandomWalkSettings.defaults());
            DenseCrf crf = new DenseCrf(CrfSettings.psaDefaults());
            RandomWalkImage function = new RandomWalkImage(Storage.local(), new WalkSegmenter(model.network(),
                    model.model().getNDManager(), walk, BACKGROUND_POWER, crf),
                    List.of(MaskMethods.RW, MaskMethods.RW_CRF));
            Pet warmUp = Pet.paint(WARM_UP_SIDE, work);
            function.process(warmUp.input());
            breakdown(model, walk, crf, warmUp);
            System.out.println("| image | nodes N | wall ms | CPU ms | CPU ms per megapixel | CPU: normalise +"
                    + " features | walk | upsample + argmax | CRF | rest (decode, CAMs, PNG) |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int side : sides) {
                Pet pet = Pet.paint(side, work);
                double[] totals = new double[REPEATS];
                double[] cpu = new double[REPEATS];
                List<double[]> parts = new ArrayList<>();
                for (int r = 0; r < REPEATS; r++) {
                    long started = System.nanoTime();
                    long startedCpu = PROCESS.getProcessCpuTime();
                    function.process(pet.input());
                    cpu[r] = (PROCESS.getProcessCpuTime() - startedCpu) / 1e6;
                    totals[r] = (System.nanoTime() - started) / 1e6;
                    parts.add(breakdown(model, walk, crf, pet));
                }
                double total = median(totals);
                double cpuTotal = median(cpu);
                double[] part = new double[4];
                for (int p = 0; p < part.length; p++) {
                    final int index = p;
                    part[p] = median(parts.stream().mapToDouble(a -> a[index]).toArray());
                }
                int nodes = (side + STRIDE - 1) / STRIDE * ((side + STRIDE - 1) / STRIDE);
                double rest = cpuTotal - Arrays.stream(part).sum();
                System.out.printf(Locale.ROOT,
                        "| %d x %d | %d | %.0f (%.0f-%.0f) | %.0f (%.0f-%.0f) | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                        side, side, nodes, total, Arrays.stream(totals).min().orElseThrow(),
                        Arrays.stream(totals).max().orElseThrow(), cpuTotal, Arrays.stream(cpu).min().orElseThrow(),
                        Arrays.stream(cpu).max().orElseThrow(), cpuTotal / ((double) side * side / 1e6), part[0],
                        part[1], part[2], part[3], rest);
            }
        }
    }

    /** Process CPU milliseconds of the function's parts on one image: features, walk, upsampling and argmax, CRF. */
    private static double[] breakdown(AffinityModel model, RandomWalk walk, DenseCrf crf, Pet pet) {
        RgbImage image = pet.image();
        long t0 = PROCESS.getProcessCpuTime();
        FloatImage normalised = ImageNetNormalization.normalize(
                FloatImage.fromInterleavedRgb(image.width(), image.height(), image.rgb()));
        ChannelStack padded = StridePadding.padBottomRight(new ChannelStack(3, image.height(), image.width(),
                normalised.values()), STRIDE);
        ChannelStack features = AffinityFeatureMaps.of(model.network(), model.model().getNDManager(), padded);
        long t1 = PROCESS.getProcessCpuTime();
        ChannelStack walked = walk.propagate(features, WalkScores.atFeatureResolution(pet.cams(), BACKGROUND_POWER,
                STRIDE));
        long t2 = PROCESS.getProcessCpuTime();
        ChannelStack scores = WalkScores.atImageResolution(walked, STRIDE, image.height(), image.width());
        WalkScores.labels(scores, new int[] {1});
        long t3 = PROCESS.getProcessCpuTime();
        ChannelStack distributions = WalkScores.pixelDistributions(scores);
        crf.infer(image.rgb(), distributions.values(), distributions.channels(), image.height(), image.width());
        long t4 = PROCESS.getProcessCpuTime();
        return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6};
    }

    /** A square synthetic pet, its PNG on disk and its CAMs from the trimap. */
    private record Pet(RgbImage image, ChannelStack cams, RandomWalkImage.Input input) {
        static Pet paint(int side, Path work) throws IOException {
            SyntheticPetPainter.PaintedPet painted = SyntheticPetPainter.paint(0, side, side, side);
            Path file = work.resolve("pet-" + side + ".png");
            Files.write(file, ImageEncoding.png(painted.image()));
            int[] trimap = new int[painted.trimap().length];
            for (int i = 0; i < trimap.length; i++) trimap[i] = painted.trimap()[i];
            float[] cam = FakeCams.camOf(trimap, side, side);
            RandomWalkImage.Input input = new RandomWalkImage.Input("pet-" + side, side, side, new int[] {1},
                    CamCodec.encode(cam), file.toString(), Set.of());
            return new Pet(painted.image(), new ChannelStack(1, side, side, cam), input);
        }
    }

    // ---- the stage, local[1] against local[2]

    private static void stage(int images, int minSide, int maxSide, Path work) throws Exception {
        Path data = work.resolve("data");
        Path prepared = work.resolve("prepared");
        new SyntheticDataset(Storage.local()).write(data.toString(),
                new SynthSettings(BREEDS, (images + BREEDS - 1) / BREEDS, 5, minSide, maxSide, 0.3, false));
        withSession("local[2]", data, prepared, context -> {
            new IndexStage().run(context);
            context.tables().replace(Tables.CAMS, context.spark().createDataFrame(FakeCams.fromTrimaps(context),
                    Tables.CAMS.computedSchema()));
            AffinityCheckpoints.writeInitialised(context, BackboneKind.SMALL, 1L, 1);
            return null;
        });
        timedStage("local[2]", data, prepared, work.resolve("warm-up"));
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int round = 1; round <= STAGE_ROUNDS; round++) {
            for (String master : List.of("local[1]", "local[2]")) {
                Timed timed = timedStage(master, data, prepared,
                        work.resolve(master.replaceAll("[^a-z0-9]", "") + "-" + round));
                seconds.computeIfAbsent(master, m -> new ArrayList<>()).add(timed.report().seconds());
                System.out.printf(Locale.ROOT, "%s round %d: %d masks in %.1f s, process CPU %.1f s"
                        + " (load average %.1f)%n", master, round, timed.report().rows(), timed.report().seconds(),
                        timed.cpuSeconds(), PROCESS.getSystemLoadAverage());
            }
        }
        double one = seconds.get("local[1]").stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double two = seconds.get("local[2]").stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        System.out.printf(Locale.ROOT, "best local[1] %.1f s, best local[2] %.1f s: speed-up %.2fx%n", one, two,
                one / two);
    }

    /** A stage run's report and the process CPU time it took (all threads: driver, tasks, garbage collection). */
    private record Timed(StageReport report, double cpuSeconds) {}

    private static Timed timedStage(String master, Path data, Path prepared, Path run) throws Exception {
        copyTree(prepared, run);
        ExecutorModelCache.clear(); // each run loads its model, as a fresh executor would
        return withSession(master, data, run, context -> {
            long startedCpu = PROCESS.getProcessCpuTime();
            StageReport report = new RandomWalkStage().run(context);
            return new Timed(report, (PROCESS.getProcessCpuTime() - startedCpu) / 1e9);
        });
    }

    private interface StageWork<T> {
        T run(StageContext context) throws Exception;
    }

    private static <T> T withSession(String master, Path data, Path run, StageWork<T> work) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("spark.master", master);
        overrides.put("spark.bind-loopback", "true");
        WsssSettings settings = ConfigLoader.load(List.of(Path.of("conf/demo.conf")), overrides)
                .withDataRoot(data.toString()).withRunRoot(run.toString());
        SparkSession spark = SparkSessions.create(settings.spark());
        try {
            return work.run(StageContext.create(spark, settings));
        } finally {
            spark.stop();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
