package org.wsss.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.config.SynthSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.evaluate.EvaluateStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;

/**
 * A small synthetic run shared by the evaluation and report tests (built once per JVM): a dataset, its index, CAMs,
 * and a masks table of three methods whose quality is known pixel by pixel, evaluated once.
 *
 * <ul>
 *   <li>{@value #TRUTH_WITH_BAND}: the truth, except a band on the left predicted as background, wider on some images;
 *   <li>{@value #FLIPPED}: the truth with pet and background swapped on a diagonal lattice and the top row predicted
 *       as {@value #ABSENT_CLASS}, a class no image has; one test image has no mask of this method;
 *   <li>{@value #ALL_BACKGROUND}: background everywhere; one test image's mask has the wrong size.
 * </ul>
 */
public final class EvaluationFixture {
    public static final String TRUTH_WITH_BAND = "rw";
    public static final String FLIPPED = "cam";
    public static final String ALL_BACKGROUND = "all_background";
    /** yorkshire_terrier: beyond the fixture's three breeds. */
    public static final int ABSENT_CLASS = 37;
    public static final int FLIP_PERIOD = 5;
    public static final int BREEDS = 3;
    public static final int PER_BREED = 6;

    /** A test image: its trimap and class, and the prediction of each method that has a usable mask. */
    public record TestImage(String id, int classId, int width, int height, int[] trimap, Map<String, byte[]> predictions) {}

    public final java.nio.file.Path root;
    public final StageContext context;
    public final StageReport indexReport;
    public final StageReport evaluateReport;
    public final List<TestImage> testImages;
    public final String imageWithoutFlippedMask;
    public final String imageWithMisSizedMask;

    private static EvaluationFixture shared;

    public static synchronized EvaluationFixture get() {
        if (shared == null) shared = new EvaluationFixture();
        return shared;
    }

    private EvaluationFixture() {
        try {
            root = Files.createTempDirectory("wsss-evaluation-fixture");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
            java.nio.file.Path data = root.resolve("data");
            new SyntheticDataset(Storage.local()).write(data.toString(),
                    new SynthSettings(BREEDS, PER_BREED, 11, 48, 64, 0.5, false));
            context = TestSpark.context(TestSpark.settings(data, root.resolve("run")));
            indexReport = new IndexStage().run(context);

            List<Row> index = context.tables().read(Tables.INDEX).orderBy("image_id").collectAsList();
            List<Row> masks = new ArrayList<>();
            List<Row> cams = new ArrayList<>();
            List<TestImage> tests = new ArrayList<>();
            String withoutFlipped = null;
            String misSized = null;
            for (int ordinal = 0; ordinal < index.size(); ordinal++) {
                Row r = index.get(ordinal);
                String id = r.getAs("image_id");
                int classId = r.getAs("class_id");
                int[] size = new int[2];
                int[] trimap = ImageDecoding.decodeFirstBand(
                        context.storage().readBytes(new Path((String) r.getAs("trimap_uri"))), size);
                int w = size[0];
                int h = size[1];
                boolean test = r.getAs("split").equals("test");
                Map<String, byte[]> predictions = new LinkedHashMap<>();
                predictions.put(TRUTH_WITH_BAND, truthWithBand(trimap, classId, w, h, ordinal));
                if (test && withoutFlipped == null) {
                    withoutFlipped = id;
                } else {
                    predictions.put(FLIPPED, flipped(trimap, classId, w, h));
                }
                byte[] background = new byte[w * h];
                if (test && misSized == null && !id.equals(withoutFlipped)) {
                    misSized = id;
                    masks.add(mask(id, ALL_BACKGROUND, w + 1, h, new byte[(w + 1) * h]));
                } else {
                    predictions.put(ALL_BACKGROUND, background);
                }
                predictions.forEach((method, labels) -> masks.add(mask(id, method, w, h, labels)));
                cams.add(RowFactory.create(id, w, h, new int[] {classId}, CamCodec.encode(blob(trimap, w, h))));
                if (test) tests.add(new TestImage(id, classId, w, h, trimap, predictions));
            }
            imageWithoutFlippedMask = withoutFlipped;
            imageWithMisSizedMask = misSized;
            testImages = List.copyOf(tests);
            context.tables().replace(Tables.MASKS, context.spark().createDataFrame(masks, Tables.MASKS.computedSchema()));
            context.tables().replace(Tables.CAMS, context.spark().createDataFrame(cams, Tables.CAMS.computedSchema()));
            evaluateReport = new EvaluateStage().run(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The truth (the border predicted as pet) with columns left of a per-image band edge predicted as background. */
    public static byte[] truthWithBand(int[] trimap, int classId, int w, int h, int ordinal) {
        int band = (ordinal % 4) * w / 10;
        byte[] labels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                labels[i] = (byte) (x < band || trimap[i] == 2 ? 0 : classId);
            }
        }
        return labels;
    }

    /** Pet and background swapped where (x + y) is a multiple of the period; the top row is a class no image has. */
    public static byte[] flipped(int[] trimap, int classId, int w, int h) {
        byte[] labels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                boolean pet = trimap[i] != 2;
                if ((x + y) % FLIP_PERIOD == 0) pet = !pet;
                labels[i] = (byte) (y == 0 ? ABSENT_CLASS : pet ? classId : 0);
            }
        }
        return labels;
    }

    /** A CAM that is highest at the pet's centre and fades with distance from it. */
    public static float[] blob(int[] trimap, int w, int h) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 0; i < trimap.length; i++) {
            if (trimap[i] == 1) {
                sx += i % w;
                sy += i / w;
                n++;
            }
        }
        double cx = n == 0 ? w / 2.0 : sx / n;
        double cy = n == 0 ? h / 2.0 : sy / n;
        double sigma = Math.max(w, h) / 4.0;
        float[] cam = new float[w * h];
        for (int i = 0; i < cam.length; i++) {
            double dx = i % w - cx;
            double dy = i / w - cy;
            cam[i] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
        }
        return cam;
    }

    private static Row mask(String id, String method, int w, int h, byte[] labels) {
        return RowFactory.create(id, method, w, h, new int[0], ImageEncoding.labelPng(labels, w, h));
    }

    private static void deleteQuietly(java.nio.file.Path dir) {
        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary folder left behind is harmless.
        }
    }
}
