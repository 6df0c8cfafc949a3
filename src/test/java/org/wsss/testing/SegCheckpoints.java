package org.wsss.testing;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.wsss.io.CheckpointStore;
import org.wsss.io.RunLayout;
import org.wsss.io.Storage;
import org.wsss.jobs.seg.SegCheckpoint;
import org.wsss.jobs.seg.SegTrainingStage;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.seg.SegModel;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;

/** An untrained small segmentation network saved as a run's train-seg checkpoint, for inference plumbing tests. */
public final class SegCheckpoints {
    private SegCheckpoints() {}

    public static CheckpointStore saveUntrained(Storage storage, String runRoot, int classes) throws IOException {
        CheckpointStore store = new CheckpointStore(storage,
                new RunLayout(runRoot).checkpoints(SegTrainingStage.CHECKPOINTS), 1);
        try (SegModel model = SegModel.create(BackboneKind.SMALL, classes, 3L, Device.cpu())) {
            ByteArrayOutputStream parameters = new ByteArrayOutputStream();
            SnapshotFiles.write(ParameterSnapshot.capture(model.model().getBlock()), parameters);
            store.save(1, SegCheckpoint.describe(BackboneKind.SMALL, classes),
                    Map.of(DataParallelTraining.PARAMETERS_FILE, parameters.toByteArray()));
        }
        return store;
    }
}
