package org.wsss.jobs.cam;

import java.io.IOException;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.cam.ClassCams;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.io.SparkValues;
import org.wsss.io.Storage;
import org.wsss.model.cam.CamMemoryBudget;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.MultiScaleCam;
import org.wsss.model.cam.MultiScaleCamSettings;
import org.wsss.model.nn.HostTensor;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.TaskDevices;

/**
 * Multi-scale CAMs for one partition, on the device Spark assigned the task. The network is loaded once per
 * executor JVM and shared by its tasks; rows are pulled and answered one batch at a time. Each output row is the
 * input row followed by width, height, the present classes, the encoded CAMs and an error (null when fine).
 */
final class ComputeCams implements FlatMapFunction<Iterator<Row>, Row> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Broadcast<CamCheckpoint> checkpoint;
    private final Storage storage;
    private final CamTransformer.Options options;
    private final int imageField;
    private final int classesField;

    ComputeCams(Broadcast<CamCheckpoint> checkpoint, Storage storage, CamTransformer.Options options, int imageField,
                int classesField) {
        this.checkpoint = checkpoint;
        this.storage = storage;
        this.options = options;
        this.imageField = imageField;
        this.classesField = classesField;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskDevices.Assignment device = TaskDevices.forCurrentTask(options.gpuResource());
        CamCheckpoint trained = checkpoint.value();
        CamModel model = ExecutorModelCache.get(trained.location(), device.device().toString(),
                () -> trained.load(device.device()));
        MultiScaleCam cams = model.multiScaleCam(new MultiScaleCamSettings(options.scales(), options.flip()),
                options.memoryBudget(), options.budgetSetting());
        return PartitionBatches.map(rows, options.batchSize(), batch -> {
            List<Row> out = new ArrayList<>(batch.size());
            for (Row row : batch) out.add(compute(row, model, cams));
            return out;
        });
    }

    private Row compute(Row row, CamModel model, MultiScaleCam cams) {
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
        ClassCams result;
        try {
            result = cams.compute(input, outputs);
        } catch (CamMemoryBudget.OverBudgetException e) {
            return withResult(row, rgb.width(), rgb.height(), classIds, null, overBudget(e));
        }
        return withResult(row, rgb.width(), rgb.height(), classIds, CamCodec.encode(result.scores()), null);
    }

    private static String overBudget(CamMemoryBudget.OverBudgetException e) {
        return CamTransformer.OVER_BUDGET + ": " + e.getMessage();
    }

    /** Classes whose sigmoid score reaches the threshold, and always the best one. */
    private int[] predictedClasses(CamModel model, FloatImage input) {
        new CamMemoryBudget(options.memoryBudget(), model.spec().backbone(), options.budgetSetting())
                .requireWhole(input.height(), input.width());
        float[] logits = model.logits(new HostTensor(new long[] {1, input.channels(), input.height(), input.width()},
                input.values())).values();
        List<Integer> chosen = new ArrayList<>();
        int best = 0;
        for (int c = 0; c < logits.length; c++) {
            if (logits[c] > logits[best]) best = c;
            if (1 / (1 + Math.exp(-logits[c])) >= options.predictionThreshold()) chosen.add(c + 1);
        }
        if (!chosen.contains(best + 1)) chosen.add(best + 1);
        return chosen.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    private static Row withResult(Row row, int width, int height, int[] classes, byte[] encoded, String error) {
        Object[] values = new Object[row.length() + CamTransformer.ADDED_COLUMNS];
        for (int i = 0; i < row.length(); i++) values[i] = row.get(i);
        int at = row.length();
        values[at] = width;
        values[at + 1] = height;
        values[at + 2] = SparkValues.intArray(classes);
        values[at + 3] = encoded;
        values[at + 4] = error;
        return RowFactory.create(values);
    }

    private static int[] toInts(List<Object> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) values.get(i)).intValue();
        return out;
    }
}
