package org.wsss.jobs.seg;

import ai.djl.Device;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MissingInputException;
import org.wsss.jobs.stage.TrainedCheckpoint;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.seg.SegModel;
import org.wsss.model.train.SnapshotFiles;

/** A trained segmentation network as it travels to executors: backbone, classes and parameters. */
public record SegCheckpoint(String location, BackboneKind backbone, int numClasses, byte[] parameters)
        implements Serializable, TrainedCheckpoint<SegModel> {
    static final String BACKBONE = "backbone";
    static final String NUM_CLASSES = "num_classes";
    /** Initialisation seed; irrelevant once parameters are loaded. */
    private static final long LOAD_SEED = 0L;

    public static Map<String, Object> describe(BackboneKind backbone, int numClasses) {
        return Map.of(BACKBONE, backbone.name(), NUM_CLASSES, numClasses);
    }

    public static SegCheckpoint latest(CheckpointStore store) throws IOException {
        CheckpointStore.Checkpoint checkpoint = store.latest().orElseThrow(() -> new MissingInputException(
                "no segmentation-network checkpoint under " + store.root() + ": run `wsss train-seg` first"));
        return new SegCheckpoint(store.root() + "/" + checkpoint.name(),
                BackboneKind.valueOf((String) checkpoint.state().get(BACKBONE)),
                ((Number) checkpoint.state().get(NUM_CLASSES)).intValue(),
                checkpoint.files().get(DataParallelTraining.PARAMETERS_FILE));
    }

    /** Whether the network only tells pet from background. */
    public boolean binary() {
        return numClasses == 2;
    }

    @Override
    public SegModel load(Device device) {
        SegModel model = SegModel.create(backbone, numClasses, LOAD_SEED, device);
        SnapshotFiles.read(parameters, location).applyTo(model.model().getBlock());
        return model;
    }
}
