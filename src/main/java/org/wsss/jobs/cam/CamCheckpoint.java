package org.wsss.jobs.cam;

import ai.djl.Device;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MissingInputException;
import org.wsss.jobs.stage.TrainedCheckpoint;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.SnapshotFiles;

/** A trained stage-1 network as it travels to executors: its spec and parameters, loaded onto a device there. */
public record CamCheckpoint(String location, CamModelSpec spec, byte[] parameters)
        implements Serializable, TrainedCheckpoint<CamModel> {
    static final String BACKBONE = "backbone";
    static final String NUM_CLASSES = "num_classes";
    static final String DROPOUT = "dropout";
    static final String MODEL_SEED = "model_seed";

    public static Map<String, Object> describe(CamModelSpec spec) {
        return Map.of(BACKBONE, spec.backbone().name(), NUM_CLASSES, spec.numClasses(),
                DROPOUT, (double) spec.dropoutRate(), MODEL_SEED, spec.seed());
    }

    /** The latest complete checkpoint of stage 1. */
    public static CamCheckpoint latest(CheckpointStore store) throws IOException {
        CheckpointStore.Checkpoint checkpoint = store.latest().orElseThrow(() -> new MissingInputException(
                "no stage-1 checkpoint under " + store.root() + ": run `wsss train-cam` first"));
        Map<String, Object> state = checkpoint.state();
        CamModelSpec spec = new CamModelSpec(BackboneKind.valueOf((String) state.get(BACKBONE)),
                ((Number) state.get(NUM_CLASSES)).intValue(), ((Number) state.get(DROPOUT)).floatValue(),
                ((Number) state.get(MODEL_SEED)).longValue());
        return new CamCheckpoint(store.root() + "/" + checkpoint.name(), spec,
                checkpoint.files().get(DataParallelTraining.PARAMETERS_FILE));
    }

    /** The network with the trained parameters, on {@code device}. */
    @Override
    public CamModel load(Device device) {
        CamModel model = CamModel.create(spec, device);
        SnapshotFiles.read(parameters, location).applyTo(model.model().getBlock());
        return model;
    }
}
