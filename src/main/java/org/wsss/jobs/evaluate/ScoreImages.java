package org.wsss.jobs.evaluate;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.algo.metrics.SegmentationMetrics;
import org.wsss.algo.metrics.TrimapTruth;
import org.wsss.io.Storage;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.stage.Reject;
import org.wsss.jobs.stage.SparseCounts;

/**
 * Scores every method's mask of each image against the image's trimap; runs on executors. The trimap is decoded
 * once per image, whatever the number of methods. Input rows: {@code image_id, split, class_id, trimap_uri, masks},
 * the last a list of {@code (method, mask)} structs or null when the image has no mask at all.
 */
public final class ScoreImages implements FlatMapFunction<Iterator<Row>, ScoreImages.Outcome> {
    @Serial
    private static final long serialVersionUID = 1L;

    static final String UNREADABLE_TRIMAP = "unreadable trimap";
    static final String BAD_TRIMAP = "trimap values outside 1..3";
    static final String NO_MASK = "no mask for this method";
    static final String DUPLICATE_MASK = "more than one mask for this method";
    static final String UNDECODABLE_MASK = "undecodable mask";
    static final String MASK_SIZE = "mask size differs from trimap";
    static final String MASK_LABELS = "mask labels outside 0..37";
    /** The {@code source} of a reject that concerns the image, not one method. */
    static final String TRIMAP_SOURCE = "trimap";

    static final String IMAGE_ID = "image_id";
    static final String SPLIT = "split";
    static final String CLASS_ID = "class_id";
    static final String TRIMAP_URI = "trimap_uri";
    /** Each image's masks: a list of (method, mask) structs, null when it has none. */
    static final String MASKS = "masks";
    static final String MASK_METHOD = "method";
    static final String MASK_PNG = "mask";

    /** One image scored by one method (a per-image row and its confusion counts), or a reject. */
    public record Outcome(String method, Row perImage, SparseCounts counts, Reject reject) implements Serializable {
        static Outcome rejected(Reject reject) {
            return new Outcome(reject.source(), null, null, reject);
        }
    }

    /** Background and the 37 breeds. */
    static final int CLASSES = ConfusionMatrix.DEFAULT_CLASSES;

    private final Storage storage;
    private final List<String> methods;

    public ScoreImages(Storage storage, List<String> methods) {
        this.storage = storage;
        this.methods = List.copyOf(methods);
    }

    @Override
    public Iterator<Outcome> call(Iterator<Row> images) {
        return new Iterator<>() {
            private Iterator<Outcome> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && images.hasNext()) current = score(images.next()).iterator();
                return current.hasNext();
            }

            @Override
            public Outcome next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                return current.next();
            }
        };
    }

    private List<Outcome> score(Row image) {
        String id = image.<String>getAs(IMAGE_ID);
        String trimapUri = image.<String>getAs(TRIMAP_URI);
        int[] size = new int[2];
        byte[] truth;
        try {
            int[] trimap = ImageDecoding.decodeFirstBand(storage.readBytes(new Path(trimapUri)), size);
            truth = TrimapTruth.labels(trimap, image.<Integer>getAs(CLASS_ID));
        } catch (IOException e) {
            return List.of(Outcome.rejected(new Reject(id, UNREADABLE_TRIMAP, trimapUri + ": " + e.getMessage(),
                    TRIMAP_SOURCE)));
        } catch (IllegalArgumentException e) {
            return List.of(Outcome.rejected(new Reject(id, BAD_TRIMAP, e.getMessage(), TRIMAP_SOURCE)));
        }
        List<Row> masks = image.getAs(MASKS) == null ? List.of() : image.getList(image.fieldIndex(MASKS));
        List<Outcome> outcomes = new ArrayList<>(methods.size());
        for (String method : methods) {
            List<byte[]> found = new ArrayList<>(1);
            for (Row mask : masks) {
                if (method.equals(mask.<String>getAs(MASK_METHOD))) found.add(mask.<byte[]>getAs(MASK_PNG));
            }
            if (found.isEmpty()) {
                outcomes.add(Outcome.rejected(new Reject(id, NO_MASK, null, method)));
            } else if (found.size() > 1) {
                outcomes.add(Outcome.rejected(new Reject(id, DUPLICATE_MASK, found.size() + " masks", method)));
            } else {
                outcomes.add(scoreMask(image, method, found.get(0), truth, size));
            }
        }
        return outcomes;
    }

    private Outcome scoreMask(Row image, String method, byte[] png, byte[] truth, int[] truthSize) {
        String id = image.<String>getAs(IMAGE_ID);
        int[] size = new int[2];
        int[] prediction;
        try {
            prediction = ImageDecoding.decodeFirstBand(png, size);
        } catch (IOException e) {
            return Outcome.rejected(new Reject(id, UNDECODABLE_MASK, e.getMessage(), method));
        }
        if (size[0] != truthSize[0] || size[1] != truthSize[1]) {
            return Outcome.rejected(new Reject(id, MASK_SIZE, "mask " + size[0] + "x" + size[1] + ", trimap "
                    + truthSize[0] + "x" + truthSize[1], method));
        }
        for (int label : prediction) {
            // IGNORE in a prediction means "no prediction": the confusion matrix counts it as a miss.
            if (label >= CLASSES && label != LabelMap.IGNORE) {
                return Outcome.rejected(new Reject(id, MASK_LABELS, "found label " + label, method));
            }
        }
        ConfusionMatrix matrix = new ConfusionMatrix(CLASSES).add(truth, prediction);
        SegmentationMetrics scores = SegmentationMetrics.of(matrix);
        Row row = RowFactory.create(id, image.<String>getAs(SPLIT), method, scores.meanIou(), scores.foregroundIou(),
                scores.pixelAccuracy(), matrix.total());
        return new Outcome(method, row, SparseCounts.of(matrix.toLongArray()), null);
    }
}
