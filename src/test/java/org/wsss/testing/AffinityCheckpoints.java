package org.wsss.testing;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.wsss.io.CheckpointStore;
import org.wsss.jobs.affinity.AffinityCheckpoint;
import org.wsss.jobs.affinity.AffinityTrainingStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;

/** AffinityNet checkpoints written the way {@code train-affinity} writes them, without training. */
public final class AffinityCheckpoints {
    private AffinityCheckpoints() {}

    /** Saves a freshly initialised network as round {@code round} of the run's AffinityNet checkpoints. */
    public static void writeInitialised(StageContext context, BackboneKind kind, long seed, int round)
            throws IOException {
        try (AffinityModel model = AffinityModel.create(kind, seed, Device.cpu())) {
            ByteArrayOutputStream parameters = new ByteArrayOutputStream();
            SnapshotFiles.write(ParameterSnapshot.capture(model.model().getBlock()), parameters);
            new CheckpointStore(context.storage(), context.layout().checkpoints(AffinityTrainingStage.CHECKPOINTS), 1)
                    .save(round, AffinityCheckpoint.describe(kind),
                            Map.of(DataParallelTraining.PARAMETERS_FILE, parameters.toByteArray()));
        }
    }
}
