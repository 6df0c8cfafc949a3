package org.wsss.jobs.affinity;

import ai.djl.Device;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MissingInputException;
import org.wsss.jobs.stage.TrainedCheckpoint;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.train.SnapshotFiles;

/** A trained AffinityNet as it travels to executors: backbone kind and parameters, loaded onto a device there. */
public record AffinityCheckpoint(String location, BackboneKind backbone, byte[] parameters)
        implements Serializable, TrainedCheckpoint<AffinityModel> {
    static final String BACKBONE = "backbone";
    /** Initialisation seed; irrelevant once parameters are loaded, kept so a model can be rebuilt exactly. */
    static final long LOAD_SEED = 0L;

    /** What a checkpoint records so that a loader can rebuild the network. */
    public static Map<String, Object> describe(BackboneKind backbone) {
        return Map.of(BACKBONE, backbone.name());
    }

    public static AffinityCheckpoint latest(CheckpointStore store) throws IOException {
        CheckpointStore.Checkpoint checkpoint = store.latest().orElseThrow(() -> new MissingInputException(
                "no AffinityNet checkpoint under " + store.root() + ": run `wsss train-affinity` first"));
        return new AffinityCheckpoint(store.root() + "/" + checkpoint.name(),
                BackboneKind.valueOf((String) checkpoint.state().get(BACKBONE)),
                checkpoint.files().get(DataParallelTraining.PARAMETERS_FILE));
    }

    /** The network with the trained parameters, on {@code device}. */
    @Override
    public AffinityModel load(Device device) {
        AffinityModel model = AffinityModel.create(backbone, LOAD_SEED, device);
        SnapshotFiles.read(parameters, location).applyTo(model.model().getBlock());
        return model;
    }
}
