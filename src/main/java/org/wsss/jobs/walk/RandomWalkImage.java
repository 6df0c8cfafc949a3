package org.wsss.jobs.walk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.walk.RandomWalk;
import org.wsss.io.MaskMethods;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.stage.PhotoAndCams;
import org.wsss.jobs.stage.ResumableOutput;
import org.wsss.jobs.stage.StageInputs;
import org.wsss.model.walk.WalkSegmenter;

/**
 * The random-walk stage's work on one image: read and check its inputs, segment it, and encode a masks-table row
 * for each of the stage's methods the image still lacks; or a reject saying why the inputs are unusable.
 */
public final class RandomWalkImage {
    private final Storage storage;
    private final WalkSegmenter segmenter;
    private final List<String> methods;

    /** One image's inputs: its CAM row, where its photo is, and which of the stage's methods it already has. */
    public record Input(String imageId, int width, int height, int[] classes, byte[] cams, String imageUri,
                        Set<String> writtenMethods) {
        static Input of(Row row) {
            return new Input(StageInputs.string(row, "image_id"), StageInputs.integer(row, "width"),
                    StageInputs.integer(row, "height"), StageInputs.intArray(row, "classes"),
                    StageInputs.bytes(row, "cams"), StageInputs.string(row, "image_uri"),
                    Set.copyOf(row.<String>getList(row.fieldIndex(ResumableOutput.WRITTEN_METHODS))));
        }
    }

    /**
     * @param methods the masks this stage writes: {@link MaskMethods#RW}, and {@link MaskMethods#RW_CRF} when the
     *     segmenter has a CRF
     */
    public RandomWalkImage(Storage storage, WalkSegmenter segmenter, List<String> methods) {
        this.storage = storage;
        this.segmenter = segmenter;
        this.methods = List.copyOf(methods);
    }

    /** Rows for {@link org.wsss.io.Tables#MASKS}, one per missing method, or one reject. */
    public List<Outcome> process(Input input) {
        String id = input.imageId();
        PhotoAndCams inputs = PhotoAndCams.read(storage, input.imageUri(), input.width(), input.height(),
                input.classes().length, input.cams());
        if (!inputs.usable()) return List.of(inputs.reject(id, RandomWalkStage.NAME));
        try {
            requireClassIds(input.classes());
        } catch (IllegalArgumentException e) {
            return List.of(reject(id, RandomWalkStage.CORRUPT_CAMS, e.getMessage()));
        }
        RgbImage image = inputs.photo();
        ChannelStack cams = inputs.cams();
        List<String> missing = methods.stream().filter(m -> !input.writtenMethods().contains(m)).toList();
        WalkSegmenter.Masks masks;
        try {
            masks = segmenter.segment(image, cams, input.classes(), missing.contains(MaskMethods.RW_CRF));
        } catch (RandomWalk.GridTooLargeException e) {
            return List.of(reject(id, RandomWalkStage.TOO_LARGE_FOR_THE_WALK, e.getMessage()));
        }
        List<Outcome> rows = new ArrayList<>(missing.size());
        for (String method : missing) {
            LabelMap mask = method.equals(MaskMethods.RW_CRF) ? masks.refined() : masks.walk();
            rows.add(Outcome.of(new Tables.MaskRow(id, method, input.width(), input.height(), input.classes(),
                    ImageEncoding.labelPng(mask.labels(), mask.width(), mask.height())).toRow()));
        }
        return rows;
    }

    private static void requireClassIds(int[] classes) {
        for (int classId : classes) {
            if (classId <= LabelMap.BACKGROUND || classId >= LabelMap.IGNORE) {
                throw new IllegalArgumentException("class id " + classId + " outside 1.." + (LabelMap.IGNORE - 1));
            }
        }
    }

    private static Outcome reject(String id, String reason, String detail) {
        return Outcome.rejected(id, reason, detail, RandomWalkStage.NAME);
    }
}
