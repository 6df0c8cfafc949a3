package org.wsss.jobs.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.config.CrfConfig;
import org.wsss.io.CheckpointStore;
import org.wsss.io.RunLayout;
import org.wsss.io.Storage;
import org.wsss.io.TableIO;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.StageContext;
import org.wsss.model.seg.SegModel;
import org.wsss.testing.SegCheckpoints;
import org.wsss.testing.TestSpark;

/**
 * {@code wsss segment --images} on a folder with nested subfolders, a text list and a Parquet list, each with an
 * undecodable file among real images of odd sizes, with an untrained small network (the plumbing, not quality);
 * and the Spark ML Transformer on a DataFrame of URIs and one of bytes.
 */
class SegmentCollectionTest {
    @TempDir
    static Path dir;
    static Path photos;
    static StageContext context;
    static List<String> good;
    static String broken;

    @BeforeAll
    static void prepare() throws IOException {
        photos = dir.resolve("photos");
        good = List.of(write("a/cat 1.png", 37, 29, 1), write("a/b/dog.jpg", 50, 41, 2), write("c/bird.PNG", 23, 61, 3));
        broken = photos.resolve("a/b/broken.jpg").toString();
        Files.write(photos.resolve("a/b/broken.jpg"), new byte[] {1, 2, 3, 4});
        Files.writeString(photos.resolve("a/notes.txt"), "not an image, not listed");
        Path run = dir.resolve("run");
        context = TestSpark.context(TestSpark.settings(dir.resolve("data"), run));
        SegCheckpoints.saveUntrained(context.storage(), run.toString(), 38);
    }

    @Test
    void aFolderIsSearchedRecursivelyAndResumes() throws IOException {
        Path out = dir.resolve("from-folder");
        SegmentCollection.Result first = SegmentCollection.run(context, photos.toString(), out.toString(), true);
        assertEquals(3, first.images());
        assertEquals(Map.of(ImageMask.UNDECODABLE_IMAGE, 1L), first.rejects());
        checkMasks(out, 3);
        assertTrue(Files.isRegularFile(out.resolve("png/a/cat 1.png")));
        assertTrue(Files.isRegularFile(out.resolve("png/a/b/dog.png")));
        assertTrue(Files.isRegularFile(out.resolve("png/c/bird.png")));
        int[] size = new int[2];
        ImageDecoding.decodeFirstBand(Files.readAllBytes(out.resolve("png/a/b/dog.png")), size);
        assertArrayEquals(new int[] {50, 41}, size);
        Row reject = table(out, Tables.SEGMENTED_REJECTS).first();
        assertEquals(new org.apache.hadoop.fs.Path(Storage.qualify(broken)).toString(), reject.getString(0));

        SegmentCollection.Result again = SegmentCollection.run(context, photos.toString(), out.toString(), true);
        assertEquals(0, again.images(), "a re-run skips what is done, rejects included");
        assertEquals(Map.of(), again.rejects());
        assertEquals(4, again.skipped());
        checkMasks(out, 3);
    }

    @Test
    void aTextListAndAParquetListAreRead() throws IOException {
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "# my photos\n" + good.get(0) + "\n\n" + good.get(2) + "\n" + broken + "\n");
        Path fromList = dir.resolve("from-list");
        SegmentCollection.Result listed = SegmentCollection.run(context, list.toString(), fromList.toString(), false);
        assertEquals(2, listed.images());
        assertEquals(Map.of(ImageMask.UNDECODABLE_IMAGE, 1L), listed.rejects());
        checkMasks(fromList, 2);
        assertTrue(Files.notExists(fromList.resolve("png")), "no PNGs without --png");

        Path table = dir.resolve("list.parquet");
        StructType schema = new StructType().add("image_uri", DataTypes.StringType).add("note", DataTypes.StringType);
        context.spark().createDataFrame(List.of(RowFactory.create(good.get(1), "x"), RowFactory.create(broken, "y")),
                schema).coalesce(1).write().parquet(table.toString());
        Path fromTable = dir.resolve("from-table");
        SegmentCollection.Result tabled = SegmentCollection.run(context, table.toString(), fromTable.toString(), false);
        assertEquals(1, tabled.images());
        assertEquals(Map.of(ImageMask.UNDECODABLE_IMAGE, 1L), tabled.rejects());
        checkMasks(fromTable, 1);
    }

    @Test
    void theTransformerAddsMasksToADataFrameOfUrisOrBytes() throws IOException {
        SegTransformer transformer = new SegTransformer()
                .setCheckpointDir(context.layout().checkpoints(SegTrainingStage.CHECKPOINTS).toString())
                .setInputCol("photo").setOutputCol("seg_mask");
        StructType uris = new StructType().add("id", DataTypes.IntegerType).add("photo", DataTypes.StringType);
        Dataset<Row> byUri = context.spark().createDataFrame(List.of(RowFactory.create(1, good.get(1)),
                RowFactory.create(2, broken)), uris);
        Map<Integer, Row> out = new TreeMap<>();
        for (Row row : transformer.transform(byUri).collectAsList()) out.put(row.getInt(0), row);
        assertEquals(2, out.size(), "rows are never dropped");
        Row dog = out.get(1);
        assertNull(dog.getAs(SegTransformer.ERROR));
        int[] size = new int[2];
        ImageDecoding.decodeFirstBand(dog.getAs("seg_mask"), size);
        assertArrayEquals(new int[] {50, 41}, size);
        assertEquals(50, (int) dog.getAs(SegTransformer.WIDTH));
        assertTrue(((String) out.get(2).getAs(SegTransformer.ERROR)).startsWith(ImageMask.UNDECODABLE_IMAGE));
        assertNull(out.get(2).getAs("seg_mask"));

        StructType bytes = new StructType().add("photo", DataTypes.BinaryType);
        Row fromBytes = transformer.transform(context.spark().createDataFrame(List.of(RowFactory.create(
                (Object) Files.readAllBytes(Path.of(good.get(0))))), bytes)).first();
        assertNotNull(fromBytes.getAs("seg_mask"));
        assertEquals(37, (int) fromBytes.getAs(SegTransformer.WIDTH));
        assertEquals(29, (int) fromBytes.getAs(SegTransformer.HEIGHT));
    }

    @Test
    void theTransformersCrfRefinesAsTheSegmenterDoesAndSurvivesACopy() throws IOException {
        CrfConfig crf = context.settings().crf();
        SegTransformer transformer = (SegTransformer) new SegTransformer()
                .setCheckpointDir(context.layout().checkpoints(SegTrainingStage.CHECKPOINTS).toString())
                .setInputCol("photo").setCrf(crf).copy(new ParamMap());
        StructType uris = new StructType().add("photo", DataTypes.StringType);
        Row row = transformer.transform(context.spark().createDataFrame(List.of(RowFactory.create(good.get(1))),
                uris)).first();
        int[] size = new int[2];
        int[] written = ImageDecoding.decodeFirstBand(row.getAs("mask"), size);

        SegCheckpoint checkpoint = SegCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(SegTrainingStage.CHECKPOINTS), 1));
        RgbImage photo = ImageDecoding.decodeRgb(Files.readAllBytes(Path.of(good.get(1))));
        try (SegModel model = checkpoint.load(Device.cpu())) {
            ImageSegmenter.Masks local = new ImageSegmenter(model, 1024, false, new DenseCrf(crf.crf(), 1))
                    .masks(photo);
            int[] refined = new int[written.length];
            for (int i = 0; i < refined.length; i++) refined[i] = local.refined().get(i);
            assertArrayEquals(refined, written, "the transformer's mask is the refined one");
        }
    }

    private static void checkMasks(Path out, int expected) {
        List<Row> rows = table(out, Tables.SEGMENTED_IMAGES).collectAsList();
        assertEquals(expected, rows.size());
        for (Row row : rows) {
            int[] size = new int[2];
            try {
                ImageDecoding.decodeFirstBand((byte[]) row.getAs("mask"), size);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertArrayEquals(new int[] {row.<Integer>getAs("width"), row.<Integer>getAs("height")}, size);
        }
    }

    private static Dataset<Row> table(Path out, org.wsss.io.TableSpec spec) {
        return new TableIO(context.spark(), context.storage(), new RunLayout(out.toString())).read(spec);
    }

    private static String write(String name, int width, int height, long seed) throws IOException {
        Path file = photos.resolve(name);
        Files.createDirectories(file.getParent());
        byte[] rgb = new byte[width * height * 3];
        new SplittableRandom(seed).nextBytes(rgb);
        RgbImage image = new RgbImage(width, height, rgb);
        Files.write(file, name.endsWith(".jpg") ? ImageEncoding.jpeg(image, 0.9f) : ImageEncoding.png(image));
        return file.toString();
    }
}
