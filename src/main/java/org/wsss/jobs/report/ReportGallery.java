package org.wsss.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.metrics.TrimapTruth;
import org.wsss.algo.overlay.Overlays;
import org.wsss.algo.overlay.Thumbnails;
import org.wsss.config.ReportSettings;
import org.wsss.data.PetBreeds;
import org.wsss.io.EvaluationMetrics;
import org.wsss.io.MaskMethods;
import org.wsss.io.TableIO;
import org.wsss.io.Tables;
import org.wsss.report.ReportContent.Cell;
import org.wsss.report.ReportContent;

/**
 * The report's galleries: the best and the worst images by the best method's per-image mIoU, each as the photo,
 * its truth, its CAM heat map and every method's mask. Only the shown images are collected to the driver.
 */
final class ReportGallery {
    static final String PHOTO_UNREADABLE = "gallery photo unreadable";
    static final String TRIMAP_UNREADABLE = "gallery trimap unreadable";
    static final String MASK_UNREADABLE = "gallery mask unreadable";
    static final String CAMS_UNREADABLE = "gallery CAMs unreadable";

    private static final float JPEG_QUALITY = 0.9f;
    private static final String IMAGE_COLUMN = "photo";
    private static final String TRUTH_COLUMN = "truth (trimap)";
    private static final String HEAT_COLUMN = "CAM heat map";
    /** Methods shown even when absent, as "not available": the ones the pipeline is about. */
    private static final List<String> ALWAYS_SHOWN = List.of(MaskMethods.RW, MaskMethods.RW_CRF);

    private final TableIO tables;
    private final org.wsss.io.Storage storage;
    private final ReportSettings settings;
    private final ReportFiles files;
    /** Pictures that could not be drawn, by reason (the report stage's rejects). */
    private final Map<String, Long> problems = new TreeMap<>();
    private final SortedSet<Integer> classesShown = new TreeSet<>();

    ReportGallery(TableIO tables, org.wsss.io.Storage storage, ReportSettings settings, ReportFiles files) {
        this.tables = tables;
        this.storage = storage;
        this.settings = settings;
        this.files = files;
    }

    Map<String, Long> problems() {
        return problems;
    }

    ReportContent.Gallery build(EvaluationMetrics metrics) {
        if (settings.gallerySize() == 0) return ReportContent.Gallery.notAvailable("wsss.report.gallery-size is 0");
        String best = metrics.bestMethod().orElse(null);
        if (best == null) return ReportContent.Gallery.notAvailable("no method has a score");
        if (!tables.exists(Tables.EVAL_PER_IMAGE) || !tables.exists(Tables.INDEX)) {
            return ReportContent.Gallery.notAvailable("the per-image scores or the index are missing");
        }
        Dataset<Row> ranked = tables.read(Tables.EVAL_PER_IMAGE)
                .filter(col("method").equalTo(best).and(not(isnan(col("miou")))));
        List<String> bestIds = ids(ranked.orderBy(col("miou").desc(), col("image_id").asc()));
        List<String> worstIds = new ArrayList<>(ids(ranked.orderBy(col("miou").asc(), col("image_id").asc())));
        worstIds.removeAll(bestIds);

        Set<String> shown = new LinkedHashSet<>(bestIds);
        shown.addAll(worstIds);
        Object[] shownIds = shown.toArray();
        Map<String, Row> index = new HashMap<>();
        for (Row r : tables.read(Tables.INDEX).filter(col("image_id").isin(shownIds)).collectAsList()) {
            index.put(r.getAs("image_id"), r);
        }
        Map<String, Map<String, Double>> scores = new HashMap<>();
        for (Row r : tables.read(Tables.EVAL_PER_IMAGE).filter(col("image_id").isin(shownIds)).collectAsList()) {
            scores.computeIfAbsent(r.getAs("image_id"), k -> new TreeMap<>()).put(r.getAs("method"), r.getAs("miou"));
        }
        Map<String, Map<String, byte[]>> masks = new HashMap<>();
        if (tables.exists(Tables.MASKS)) {
            for (Row r : tables.read(Tables.MASKS).filter(col("image_id").isin(shownIds)).collectAsList()) {
                masks.computeIfAbsent(r.getAs("image_id"), k -> new HashMap<>()).put(r.getAs("method"), r.getAs("mask"));
            }
        }
        Map<String, Row> cams = new HashMap<>();
        if (tables.exists(Tables.CAMS)) {
            for (Row r : tables.read(Tables.CAMS).filter(col("image_id").isin(shownIds)).collectAsList()) {
                cams.put(r.getAs("image_id"), r);
            }
        }

        Set<String> maskMethods = new LinkedHashSet<>(metrics.methods().keySet());
        maskMethods.addAll(ALWAYS_SHOWN);
        List<String> methods = MaskMethods.ordered(maskMethods);
        List<String> columns = new ArrayList<>(List.of(IMAGE_COLUMN, TRUTH_COLUMN, HEAT_COLUMN));
        methods.forEach(m -> columns.add(MaskMethods.displayName(m)));
        List<String> scoreOrder = new ArrayList<>(metrics.methods().keySet());

        List<ReportContent.GalleryRow> bestRows = new ArrayList<>();
        List<ReportContent.GalleryRow> worstRows = new ArrayList<>();
        for (int rank = 0; rank < bestIds.size(); rank++) {
            String id = bestIds.get(rank);
            bestRows.add(row("best", rank, id, index.get(id), ordered(scores.get(id), scoreOrder),
                    masks.getOrDefault(id, Map.of()), cams.get(id), methods));
        }
        for (int rank = 0; rank < worstIds.size(); rank++) {
            String id = worstIds.get(rank);
            worstRows.add(row("worst", rank, id, index.get(id), ordered(scores.get(id), scoreOrder),
                    masks.getOrDefault(id, Map.of()), cams.get(id), methods));
        }
        return new ReportContent.Gallery(best, columns, bestRows, worstRows, classesShown, null);
    }

    private List<String> ids(Dataset<Row> ordered) {
        return ordered.select("image_id").limit(settings.gallerySize()).collectAsList().stream()
                .map(r -> r.<String>getAs("image_id")).toList();
    }

    private static Map<String, Double> ordered(Map<String, Double> scores, List<String> order) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (scores == null) return out;
        for (String method : order) if (scores.containsKey(method)) out.put(method, scores.get(method));
        return out;
    }

    private ReportContent.GalleryRow row(String group, int rank, String id, Row indexRow, Map<String, Double> scores,
                                         Map<String, byte[]> masks, Row camRow, List<String> methods) {
        int cellCount = 3 + methods.size();
        if (indexRow == null) {
            return new ReportContent.GalleryRow(id, "", scores, notAvailable(cellCount, "not in the index"));
        }
        String prefix = String.format(Locale.ROOT, "gallery/%s-%02d-", group, rank + 1);
        String breed = indexRow.getAs("breed");
        RgbImage photo;
        try {
            photo = ImageDecoding.decodeRgb(storage.readBytes(new Path((String) indexRow.getAs("image_uri"))));
        } catch (IOException e) {
            count(PHOTO_UNREADABLE);
            return new ReportContent.GalleryRow(id, breed, scores, notAvailable(cellCount, "photo unreadable"));
        }
        List<Cell> cells = new ArrayList<>(cellCount);
        cells.add(picture(prefix + "image.jpg", photo));
        cells.add(truthCell(prefix, indexRow, photo));
        cells.add(heatCell(prefix, camRow, photo));
        for (int m = 0; m < methods.size(); m++) {
            cells.add(maskCell(prefix + "mask-" + (m + 1) + ".jpg", masks.get(methods.get(m)), photo));
        }
        return new ReportContent.GalleryRow(id, breed, scores, cells);
    }

    private Cell truthCell(String prefix, Row indexRow, RgbImage photo) {
        try {
            int[] size = new int[2];
            int[] trimap = ImageDecoding.decodeFirstBand(storage.readBytes(new Path((String) indexRow.getAs("trimap_uri"))),
                    size);
            if (!fits(size, photo)) return Cell.notAvailable("trimap size differs");
            byte[] truth = TrimapTruth.labels(trimap, indexRow.getAs("class_id"));
            remember(truth);
            return picture(prefix + "truth.jpg", Overlays.labels(photo, truth));
        } catch (IOException | IllegalArgumentException e) {
            count(TRIMAP_UNREADABLE);
            return Cell.notAvailable("trimap unreadable");
        }
    }

    private Cell heatCell(String prefix, Row camRow, RgbImage photo) {
        if (camRow == null) return Cell.notAvailable(org.wsss.report.ReportPage.NOT_AVAILABLE);
        int width = camRow.getAs("width");
        int height = camRow.getAs("height");
        if (width != photo.width() || height != photo.height()) return Cell.notAvailable("CAM size differs");
        try {
            int planes = camRow.getList(camRow.fieldIndex("classes")).size();
            float[] cams = CamCodec.decode(camRow.getAs("cams"), planes * width * height);
            return picture(prefix + "cam-heat.jpg", Overlays.heat(photo, Overlays.maxOverPlanes(cams, width * height)));
        } catch (IllegalArgumentException e) {
            count(CAMS_UNREADABLE);
            return Cell.notAvailable("CAMs unreadable");
        }
    }

    private Cell maskCell(String file, byte[] png, RgbImage photo) {
        if (png == null) return Cell.notAvailable(org.wsss.report.ReportPage.NOT_AVAILABLE);
        try {
            int[] size = new int[2];
            int[] labels = ImageDecoding.decodeFirstBand(png, size);
            if (!fits(size, photo)) return Cell.notAvailable("mask size differs");
            byte[] mask = new byte[labels.length];
            for (int i = 0; i < labels.length; i++) mask[i] = (byte) labels[i];
            remember(mask);
            return picture(file, Overlays.labels(photo, mask));
        } catch (IOException | IllegalArgumentException e) {
            count(MASK_UNREADABLE);
            return Cell.notAvailable("mask unreadable");
        }
    }

    private Cell picture(String file, RgbImage image) {
        return Cell.of(files.write(file, ImageEncoding.jpeg(Thumbnails.fit(image, settings.thumbnailSide()),
                JPEG_QUALITY)));
    }

    private void remember(byte[] labels) {
        boolean[] seen = new boolean[LabelMap.IGNORE + 1];
        for (byte label : labels) seen[Byte.toUnsignedInt(label)] = true;
        for (int c = 1; c <= PetBreeds.COUNT; c++) if (seen[c]) classesShown.add(c);
    }

    private void count(String reason) {
        problems.merge(reason, 1L, Long::sum);
    }

    private static boolean fits(int[] size, RgbImage photo) {
        return size[0] == photo.width() && size[1] == photo.height();
    }

    private static List<Cell> notAvailable(int cells, String why) {
        List<Cell> out = new ArrayList<>(cells);
        for (int i = 0; i < cells; i++) out.add(Cell.notAvailable(why));
        return out;
    }
}
