package org.wsss.jobs.seg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.seg.BinaryLabels;
import org.wsss.algo.seg.LabelScaling;
import org.wsss.io.MaskMethods;
import org.wsss.io.SparkValues;
import org.wsss.io.Storage;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.stage.PhotoAndCams;
import org.wsss.jobs.stage.ResumableOutput;
import org.wsss.jobs.stage.StageInputs;

/**
 * The segment stage's work on one indexed image: its masks-table rows, {@code seg} and with a CRF {@code seg_crf}
 * (those it does not have yet), or a reject. A binary network's pet pixels take the image's indexed class, so its
 * masks score like the others'.
 */
public final class SegmentImage {
    static final String UNDECODABLE_IMAGE = PhotoAndCams.UNDECODABLE_IMAGE;

    private final Storage storage;
    private final ImageSegmenter segmenter;
    private final boolean binary;
    private final List<String> methods;

    /** One indexed image, and which of the stage's methods it already has. */
    public record Input(String imageId, String imageUri, int classId, Set<String> writtenMethods) {
        static Input of(Row row) {
            return new Input(StageInputs.string(row, "image_id"), StageInputs.string(row, "image_uri"),
                    StageInputs.integer(row, "class_id"),
                    Set.copyOf(row.<String>getList(row.fieldIndex(ResumableOutput.WRITTEN_METHODS))));
        }
    }

    /**
     * @param methods the masks this stage writes: {@link MaskMethods#SEG}, and {@link MaskMethods#SEG_CRF} when the
     *     segmenter refines
     */
    public SegmentImage(Storage storage, ImageSegmenter segmenter, boolean binary, List<String> methods) {
        if (methods.contains(MaskMethods.SEG_CRF) && !segmenter.refines()) {
            throw new IllegalArgumentException(MaskMethods.SEG_CRF + " asked for, but the segmenter has no CRF");
        }
        this.storage = storage;
        this.segmenter = segmenter;
        this.binary = binary;
        this.methods = List.copyOf(methods);
    }

    public List<Outcome> process(Input input) {
        RgbImage photo;
        try {
            photo = ImageDecoding.decodeRgb(storage.readBytes(new Path(input.imageUri())));
        } catch (IOException | RuntimeException e) {
            return List.of(Outcome.rejected(input.imageId(), UNDECODABLE_IMAGE, e.getMessage(), SegmentStage.NAME));
        }
        ImageSegmenter.Masks masks = segmenter.masks(photo);
        List<Outcome> rows = new ArrayList<>(methods.size());
        for (String method : methods) {
            if (input.writtenMethods().contains(method)) continue;
            LabelMap mask = method.equals(MaskMethods.SEG_CRF) ? masks.refined() : masks.plain();
            byte[] labels = binary ? BinaryLabels.withClass(mask.labels(), input.classId()) : mask.labels();
            rows.add(Outcome.of(RowFactory.create(input.imageId(), method, photo.width(), photo.height(),
                    SparkValues.intArray(LabelScaling.presentClasses(labels)),
                    ImageEncoding.labelPng(labels, photo.width(), photo.height()))));
        }
        return rows;
    }
}
