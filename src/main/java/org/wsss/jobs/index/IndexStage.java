package org.wsss.jobs.index;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.data.ListFile;
import org.wsss.data.PetBreeds;
import org.wsss.data.PetLayout;
import org.wsss.io.BadInputException;
import org.wsss.io.MissingInputException;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.NamedStage;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.stage.Reject;
import org.wsss.jobs.stage.StageContext;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.SparkSessions;

/**
 * Builds the dataset index: one row per usable image of the two splits, and a rejects table saying why every
 * other listed image was left out. List files are read on the driver; images and trimaps are decoded and checked
 * in Spark tasks.
 */
public final class IndexStage extends NamedStage {
    public static final String NAME = "index";

    public static final String DUPLICATE_ID = "duplicate image id";
    public static final String CLASS_DISAGREES = "class id disagrees with list.txt";
    public static final String MISSING_IMAGE = "missing image";
    public static final String UNDECODABLE_IMAGE = "undecodable image";
    public static final String MISSING_TRIMAP = "missing trimap";
    public static final String UNDECODABLE_TRIMAP = "undecodable trimap";
    public static final String TRIMAP_SIZE = "trimap size differs from image";
    public static final String TRIMAP_VALUES = "trimap values outside 1..3";

    public IndexStage() {
        super(NAME);
    }

    /** The dataset's location (its content is not hashed: re-index after editing a dataset in place). */
    @Override
    public Declaration declare(StageContext context) {
        return new Declaration()
                .value("data-root", new PetLayout(context.settings().dataRoot()).dataRoot())
                .settings(NAME, context.settings().index(), "partitions");
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        Declaration declared = declare(context);
        PetLayout layout = new PetLayout(context.settings().dataRoot());
        Storage storage = context.storage();
        requireDataRoot(storage, layout);

        List<Reject> rejects = new ArrayList<>();
        Map<String, Integer> listClasses = new HashMap<>();
        ListFile.Parsed list = readList(storage, layout.listFile());
        list.rejects().forEach(r -> rejects.add(asReject(r, "list.txt")));
        list.entries().forEach(e -> listClasses.putIfAbsent(e.imageId(), e.classId()));

        Set<String> imageIds = idsIn(storage, layout.imagesDir(), PetLayout.IMAGE_SUFFIX);
        Set<String> trimapIds = idsIn(storage, layout.trimapsDir(), PetLayout.TRIMAP_SUFFIX);

        List<Candidate> candidates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Long> perSplit = new LinkedHashMap<>();
        for (PetLayout.Split split : PetLayout.Split.values()) {
            ListFile.Parsed parsed = readList(storage, layout.splitFile(split));
            parsed.rejects().forEach(r -> rejects.add(asReject(r, split.fileName)));
            for (ListFile.Entry entry : parsed.entries()) {
                String id = entry.imageId();
                String where = split.fileName + ":" + entry.lineNumber();
                Integer listed = listClasses.get(id);
                if (!seen.add(id)) {
                    rejects.add(new Reject(id, DUPLICATE_ID, "listed again at " + where, split.fileName));
                } else if (listed != null && listed != entry.classId()) {
                    rejects.add(new Reject(id, CLASS_DISAGREES, where + " says " + entry.classId()
                            + ", list.txt says " + listed, split.fileName));
                } else if (!imageIds.contains(id)) {
                    rejects.add(new Reject(id, MISSING_IMAGE, layout.image(id).toString(), split.fileName));
                } else if (!trimapIds.contains(id)) {
                    rejects.add(new Reject(id, MISSING_TRIMAP, layout.trimap(id).toString(), split.fileName));
                } else {
                    PetBreeds.Breed breed = PetBreeds.byClassId(entry.classId());
                    candidates.add(new Candidate(id, split.label, breed.classId(), breed.name(),
                            entry.species().label(), layout.image(id).toString(), layout.trimap(id).toString()));
                }
            }
        }
        long unlisted = imageIds.stream().filter(id -> !seen.contains(id)).count();

        int partitions = context.settings().index().partitions() > 0 ? context.settings().index().partitions()
                : Math.max(1, 2 * context.spark().sparkContext().defaultParallelism());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
        JavaRDD<Outcome> checked = jsc.parallelize(candidates, Math.min(partitions, Math.max(1, candidates.size())))
                .mapPartitions(new CheckImages(storage))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> indexRows = context.spark().createDataFrame(
                    checked.filter(Outcome::isRow).map(Outcome::row), Tables.INDEX.schema());
            List<Row> driverRejects = rejects.stream().map(Reject::toRow).toList();
            JavaRDD<Row> allRejects = checked.filter(o -> !o.isRow()).map(o -> o.reject().toRow())
                    .union(jsc.parallelize(driverRejects, 1));
            Dataset<Row> rejectRows = context.spark().createDataFrame(allRejects, Tables.INDEX_REJECTS.schema());

            SparkSessions.inJobGroup(context.spark(), NAME, "index: check images and write the index", () -> {
                context.tables().replace(Tables.INDEX, indexRows);
                context.tables().replace(Tables.INDEX_REJECTS, rejectRows);
                return null;
            });
            Dataset<Row> written = context.tables().read(Tables.INDEX);
            long rows = written.count();
            for (Row r : written.groupBy("split").count().collectAsList()) {
                perSplit.put(r.getAs("split"), r.getAs("count"));
            }
            Map<String, Long> rejectCounts = new TreeMap<>();
            for (Row r : context.tables().read(Tables.INDEX_REJECTS).groupBy("reason").count().collectAsList()) {
                rejectCounts.put(r.getAs("reason"), r.getAs("count"));
            }
            if (rows == 0) {
                storage.deleteRecursively(context.layout().stageReport(NAME)); // an earlier run's, now stale
                throw nothingUsable(rejectCounts, context);
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("splits", perSplit);
            figures.put("unlisted_images", unlisted);
            figures.put("list_entries", list.entries().size());
            StageReport report = new StageReport(NAME, rows, rejectCounts, seconds(started),
                    StageReport.settingsOf(Map.of("data_root", layout.dataRoot(), "index", context.settings().index())),
                    figures);
            report = declared.stamp(report);
            report.write(storage, context.layout());
            return report;
        } finally {
            checked.unpersist(false);
        }
    }

    private static void requireDataRoot(Storage storage, PetLayout layout) {
        for (PetLayout.Split split : PetLayout.Split.values()) {
            if (!storage.exists(layout.splitFile(split))) {
                throw new MissingInputException("data root " + layout.dataRoot() + " has no annotations/"
                        + split.fileName + " (run `wsss prepare` or `wsss synth` first)");
            }
        }
    }

    /** An index without images would let every later stage run on nothing; the stage stays incomplete instead. */
    private static BadInputException nothingUsable(Map<String, Long> rejectCounts, StageContext context) {
        long total = rejectCounts.values().stream().mapToLong(Long::longValue).sum();
        String commonest = rejectCounts.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> "; the most common reason: " + e.getKey() + " (" + e.getValue() + ")").orElse("");
        return new BadInputException("index: no usable image in data root " + context.settings().dataRoot() + ": "
                + total + " rejects" + commonest + "; every reject with its reason is in "
                + context.layout().table(Tables.INDEX_REJECTS));
    }

    private static ListFile.Parsed readList(Storage storage, Path file) throws IOException {
        if (!storage.exists(file)) return new ListFile.Parsed(List.of(), List.of());
        return ListFile.parse(storage.readText(file), file.getName());
    }

    /** Ids of the files in {@code dir} with the suffix, skipping AppleDouble files and anything else. */
    private static Set<String> idsIn(Storage storage, Path dir, String suffix) throws IOException {
        Set<String> ids = new HashSet<>();
        for (FileStatus status : storage.listFiles(dir)) {
            String name = status.getPath().getName();
            if (name.startsWith(PetLayout.APPLE_DOUBLE_PREFIX) || !name.endsWith(suffix)) continue;
            ids.add(name.substring(0, name.length() - suffix.length()));
        }
        return ids;
    }

    private static Reject asReject(ListFile.Rejected r, String source) {
        return new Reject(r.item(), r.reason(), r.detail(), source);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** A listed image whose files exist, waiting to be decoded and checked. */
    record Candidate(String imageId, String split, int classId, String breed, String species, String imageUri,
                     String trimapUri) implements Serializable {}

    /** Decodes each image and trimap of a partition and checks they agree; runs on executors. */
    static final class CheckImages implements FlatMapFunction<Iterator<Candidate>, Outcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Storage storage;

        CheckImages(Storage storage) {
            this.storage = storage;
        }

        @Override
        public Iterator<Outcome> call(Iterator<Candidate> candidates) {
            return PartitionBatches.mapEach(candidates, this::check);
        }

        private Outcome check(Candidate c) {
            int[] imageSize;
            try {
                var image = ImageDecoding.decodeRgb(storage.readBytes(new Path(c.imageUri())));
                imageSize = new int[] {image.width(), image.height()};
            } catch (IOException | RuntimeException e) {
                return rejected(c, UNDECODABLE_IMAGE, c.imageUri() + ": " + e.getMessage());
            }
            int[] trimapSize = new int[2];
            int[] trimap;
            try {
                trimap = ImageDecoding.decodeFirstBand(storage.readBytes(new Path(c.trimapUri())), trimapSize);
            } catch (IOException | RuntimeException e) {
                return rejected(c, UNDECODABLE_TRIMAP, c.trimapUri() + ": " + e.getMessage());
            }
            if (imageSize[0] != trimapSize[0] || imageSize[1] != trimapSize[1]) {
                return rejected(c, TRIMAP_SIZE, "image " + imageSize[0] + "x" + imageSize[1] + ", trimap "
                        + trimapSize[0] + "x" + trimapSize[1]);
            }
            for (int v : trimap) {
                if (v < 1 || v > 3) return rejected(c, TRIMAP_VALUES, "found value " + v);
            }
            return Outcome.of(RowFactory.create(c.imageId(), c.split(), c.classId(), c.breed(), c.species(),
                    c.imageUri(), c.trimapUri(), imageSize[0], imageSize[1]));
        }

        private static Outcome rejected(Candidate c, String reason, String detail) {
            return Outcome.rejected(c.imageId(), reason, detail, c.split());
        }
    }
}
