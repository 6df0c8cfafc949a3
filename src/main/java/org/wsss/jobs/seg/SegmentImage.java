package org.wsss.jobs.seg;

import java.io.IOException;
import java.util.List;
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
import org.wsss.jobs.stage.StageInputs;

/**
 * The segment stage's work on one indexed image: its {@code seg} masks-table row, or a reject. A binary network's
 * pet pixels take the image's indexed class, so its masks score like the others'.
 */
public final class SegmentImage {
    static final String UNDECODABLE_IMAGE = PhotoAndCams.UNDECODABLE_IMAGE;

    private final Storage storage;
    private final ImageSegmenter segmenter;
    private final boolean binary;

    /** One indexed image. */
    public record Input(String imageId, String imageUri, int classId) {
        static Input of(Row row) {
            return new Input(StageInputs.string(row, "image_id"), StageInputs.string(row, "image_uri"),
                    StageInputs.integer(row, "class_id"));
        }
    }

    public SegmentImage(Storage storage, ImageSegmenter segmenter, boolean binary) {
        this.storage = storage;
        this.segmenter = segmenter;
        this.binary = binary;
    }

    public List<Outcome> process(Input input) {
        RgbImage photo;
        try {
            photo = ImageDecoding.decodeRgb(storage.readBytes(new Path(input.imageUri())));
        } catch (IOException | RuntimeException e) {
            return List.of(Outcome.rejected(input.imageId(), UNDECODABLE_IMAGE, e.getMessage(), SegmentStage.NAME));
        }
        LabelMap mask = segmenter.segment(photo);
        byte[] labels = binary ? BinaryLabels.withClass(mask.labels(), input.classId()) : mask.labels();
        return List.of(Outcome.of(RowFactory.create(input.imageId(), MaskMethods.SEG, photo.width(), photo.height(),
                SparkValues.intArray(LabelScaling.presentClasses(labels)),
                ImageEncoding.labelPng(labels, photo.width(), photo.height()))));
    }
}
