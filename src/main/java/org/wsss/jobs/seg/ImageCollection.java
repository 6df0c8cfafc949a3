package org.wsss.jobs.seg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.wsss.io.BadInputException;
import org.wsss.io.MissingInputException;
import org.wsss.io.Storage;

/**
 * The images a user asks to segment, given as one URI (any Hadoop file system): a folder, searched recursively for
 * image files; a Parquet table (a {@code .parquet} file or a folder of them) with an {@code image_uri} column; or a
 * text file with one URI per line (blank lines and lines starting with {@code #} skipped). Each image also gets the
 * relative name its palette PNG is written under.
 */
public final class ImageCollection {
    public static final String URI = "image_uri";
    public static final String NAME = "name";
    /** What a folder's files must end with to be taken as images (case-insensitive). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");
    private static final String PARQUET = ".parquet";
    private static final StructType SCHEMA = new StructType()
            .add(URI, DataTypes.StringType, false)
            .add(NAME, DataTypes.StringType, false);

    private ImageCollection() {}

    /** Rows of {@code (image_uri, name)}, one per image. */
    public static Dataset<Row> read(SparkSession spark, Storage storage, String location) throws IOException {
        Path path = new Path(Storage.qualify(location));
        if (!storage.exists(path)) throw new MissingInputException("images " + location + " not found");
        List<Row> rows = new ArrayList<>();
        if (storage.isDirectory(path) && !isParquetFolder(storage, path)) {
            String root = path.toString();
            for (Path file : imagesUnder(storage, path)) rows.add(RowFactory.create(file.toString(),
                    file.toString().substring(root.length() + 1)));
            return spark.createDataFrame(rows, SCHEMA);
        }
        if (path.getName().endsWith(PARQUET) || storage.isDirectory(path)) {
            return fromTable(spark.read().parquet(path.toString()), location);
        }
        for (String line : storage.readText(path).split("\\R")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) continue;
            String uri = locationOf(entry);
            rows.add(RowFactory.create(uri, nameOf(uri)));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static Dataset<Row> fromTable(Dataset<Row> table, String location) throws BadInputException {
        if (!Arrays.asList(table.columns()).contains(URI)) {
            throw new BadInputException("the Parquet table " + location + " has no column " + URI + " (columns: "
                    + String.join(", ", table.columns()) + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (Row row : table.select(URI).collectAsList()) {
            String listed = row.getAs(URI);
            if (listed == null) continue;
            String uri = locationOf(listed);
            rows.add(RowFactory.create(uri, nameOf(uri)));
        }
        return table.sparkSession().createDataFrame(rows, SCHEMA);
    }

    /**
     * A list entry as the Hadoop path string the file systems open: URIs with a scheme as written, local paths made
     * absolute (their qualified form is URI-encoded, which Hadoop's string constructor would not decode).
     */
    static String locationOf(String entry) {
        String qualified = Storage.qualify(entry);
        return qualified.equals(entry) ? new Path(entry).toString() : new Path(java.net.URI.create(qualified)).toString();
    }

    /** A list entry's PNG name: its path without scheme, authority or leading slash. */
    static String nameOf(String uri) {
        String path = new Path(uri).toUri().getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static boolean isParquetFolder(Storage storage, Path dir) throws IOException {
        for (FileStatus file : storage.listFiles(dir)) {
            if (file.getPath().getName().endsWith(PARQUET)) return true;
        }
        return false;
    }

    private static List<Path> imagesUnder(Storage storage, Path dir) throws IOException {
        List<Path> images = new ArrayList<>();
        for (FileStatus file : storage.listFiles(dir)) {
            if (isImageName(file.getPath().getName())) images.add(file.getPath());
        }
        for (Path sub : storage.listDirectories(dir)) {
            if (!isHidden(sub.getName())) images.addAll(imagesUnder(storage, sub));
        }
        images.sort(null);
        return images;
    }

    static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return !isHidden(name) && dot > 0
                && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }
}
