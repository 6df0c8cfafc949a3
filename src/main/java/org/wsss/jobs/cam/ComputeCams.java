package org.wsss.jobs.cam;

import static org.wsss.jobs.stage.ImageTransformer.withResult;

import java.io.IOException;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.cam.ClassCams;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.io.Storage;
import org.wsss.jobs.stage.ExecutorModel;
import org.wsss.model.cam.CamMemoryBudget;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.MultiScaleCam;
import org.wsss.model.cam.MultiScaleCamSettings;
import org.wsss.model.nn.HostTensor;
import org.wsss.spark.PartitionBatches;

/**
 * Multi-scale CAMs for one partition, on the device Spark assigned the task. The network is loaded once per
 * executor JVM and shared by its tasks; rows are pulled and answered one batch at a time. Each output row is the
 * input row followed by width, height, the present classes, the encoded CAMs and an error (null when fine).
 */
final class ComputeCams implements FlatMapFunction<Iterator<Row>, Row> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ExecutorModel<CamModel> executorModel;
    private final Storage storage;
    private final CamTransformer.Options options;
    private final int imageField;
    private final int classesField;

    ComputeCams(ExecutorModel<CamModel> model, Storage storage, CamTransformer.Options options, int imageField,
                int classesField) {
        this.executorModel = model;
        this.storage = storage;
        this.options = options;
        this.imageField = imageField;
        this.classesField = classesField;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        CamModel network = executorModel.forTask();
        MultiScaleCam cams = network.multiScaleCam(new MultiScaleCamSettings(options.scales(), options.flip()),
                options.memoryBudget(), options.budgetSetting());
        return PartitionBatches.map(rows, options.batchSize(), batch -> computeBatch(batch, network, cams));
    }

    /** An image ready for its CAMs: decoded, normalised, its classes checked. */
    private record Prepared(Row row, int width, int height, int[] classIds, FloatImage input, int[] outputs) {}

    /**
     * The batch's rows, in order: each image is prepared (or answered with its reject) on its own, then the CAMs of
     * all prepared images are computed together, so images of one size share forwards ({@link
     * MultiScaleCam#computeAll}).
     */
    private List<Row> computeBatch(List<Row> batch, CamModel model, MultiScaleCam cams) {
        Object[] answers = new Object[batch.size()];
        List<Prepared> pending = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            answers[i] = prepare(batch.get(i), model, cams);
            if (answers[i] instanceof Prepared prepared) pending.add(prepared);
        }
        List<Row> computed = withCams(pending, cams);
        List<Row> out = new ArrayList<>(batch.size());
        int next = 0;
        for (Object answer : answers) out.add(answer instanceof Prepared ? computed.get(next++) : (Row) answer);
        return out;
    }

    private static List<Row> withCams(List<Prepared> images, MultiScaleCam cams) {
        if (images.isEmpty()) return List.of();
        List<ClassCams> results;
        try {
            results = cams.computeAll(images.stream().map(Prepared::input).toList(),
                    images.stream().map(Prepared::outputs).toList());
        } catch (CamMemoryBudget.OverBudgetException e) {
            if (images.size() == 1) {
                Prepared p = images.get(0);
                return List.of(withResult(p.row(), p.width(), p.height(), p.classIds(), null, overBudget(e)));
            }
            // Checked from each header before decoding, so rare; then each image on its own, to reject only it.
            return images.stream().map(image -> withCams(List.of(image), cams).get(0)).toList();
        }
        List<Row> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            Prepared p = images.get(i);
            out.add(withResult(p.row(), p.width(), p.height(), p.classIds(),
                    CamCodec.encode(results.get(i).scores()), null));
        }
        return out;
    }

    /** The image ready for its CAMs, or its row answered with the reason it has none. */
    private Object prepare(Row row, CamModel model, MultiScaleCam cams) {
        RgbImage rgb;
        try {
            byte[] encoded = storage.readBytes(new Path(row.getString(imageField)));
            int[] size = ImageDecoding.dimensions(encoded);
            try {
                // Refused from its header, before its pixels take the heap.
                cams.requireFits(size[1], size[0]);
            } catch (CamMemoryBudget.OverBudgetException e) {
                return withResult(row, size[0], size[1], new int[0], null, overBudget(e));
            }
            rgb = ImageDecoding.decodeRgb(encoded);
        } catch (IOException | RuntimeException e) {
            return withResult(row, 0, 0, new int[0], null, "undecodable image: " + e.getMessage());
        }
        FloatImage input = ImageNetNormalization.normalize(
                FloatImage.fromInterleavedRgb(rgb.width(), rgb.height(), rgb.rgb()));
        int[] classIds;
        try {
            classIds = classesField >= 0 && !row.isNullAt(classesField)
                    ? toInts(row.getList(classesField)) : predictedClasses(model, input);
        } catch (CamMemoryBudget.OverBudgetException e) {
            return withResult(row, rgb.width(), rgb.height(), new int[0], null, overBudget(e));
        }
        int[] outputs = new int[classIds.length];
        for (int k = 0; k < classIds.length; k++) {
            if (classIds[k] < 1 || classIds[k] > model.spec().numClasses()) {
                return withResult(row, rgb.width(), rgb.height(), classIds, null, "class " + classIds[k]
                        + " is not among the classifier's 1.." + model.spec().numClasses());
            }
            outputs[k] = classIds[k] - 1;
        }
        return new Prepared(row, rgb.width(), rgb.height(), classIds, input, outputs);
    }

    private static String overBudget(CamMemoryBudget.OverBudgetException e) {
        return CamTransformer.OVER_BUDGET + ": " + e.getMessage();
    }

    /** Classes whose sigmoid score reaches the threshold, and always the best one. */
    private int[] predictedClasses(CamModel model, FloatImage input) {
        new CamMemoryBudget(options.memoryBudget(), model.spec().backbone(), options.budgetSetting())
                .requireWhole(input.height(), input.width());
        float[] logits = model.logits(HostTensor.batchOfOne(input)).values();
        List<Integer> chosen = new ArrayList<>();
        int best = 0;
        for (int c = 0; c < logits.length; c++) {
            if (logits[c] > logits[best]) best = c;
            if (1 / (1 + Math.exp(-logits[c])) >= options.predictionThreshold()) chosen.add(c + 1);
        }
        if (!chosen.contains(best + 1)) chosen.add(best + 1);
        return chosen.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    private static int[] toInts(List<Object> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) values.get(i)).intValue();
        return out;
    }
}
