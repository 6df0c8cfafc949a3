package org.wsss.jobs.affinity;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.wsss.config.BackboneStart;
import org.wsss.config.ConfigError;
import org.wsss.config.SettingsReader;
import org.wsss.io.CheckpointStore;
import org.wsss.io.Storage;
import org.wsss.jobs.cam.CamCheckpoint;
import org.wsss.jobs.train.ExecutorStart;
import org.wsss.jobs.train.PretrainedStart;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.affinity.AffinityNet;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.TensorMismatchException;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;

/**
 * The parameters AffinityNet's training starts from: the freshly built network's, with its backbone replaced by
 * ImageNet weights or by the stage-1 classifier's backbone as {@code wsss.train-affinity.init} asks. The new layers
 * always keep their seeded initialisation.
 *
 * @param parameters the starting point, without optimiser state
 * @param source where the backbone came from, for the stage report
 */
public record AffinityStart(ParameterSnapshot parameters, String source) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * The start as a task builds it on an executor ({@link ExecutorStart}), from the network that task built.
     *
     * @param stage1Checkpoints the folder of stage 1's checkpoints (used only by {@link BackboneStart#STAGE1})
     * @param keepStage1 how many checkpoints stage 1 keeps
     */
    public static ExecutorStart.Work<AffinityStart> onExecutor(BackboneStart init, Storage storage, String pretrained,
                                                               String stage1Checkpoints, int keepStage1) {
        return network -> of(init, (AffinityModel) network, storage, pretrained,
                new CheckpointStore(storage, new Path(stage1Checkpoints), keepStage1));
    }


    /**
     * @param model a network just built from the training seed; ImageNet weights are loaded into it in place
     * @param pretrained the ImageNet weights' location (used only by {@link BackboneStart#IMAGENET})
     * @param stage1 stage 1's checkpoints (used only by {@link BackboneStart#STAGE1})
     */
    public static AffinityStart of(BackboneStart init, AffinityModel model, Storage storage, String pretrained,
                                   CheckpointStore stage1) throws IOException {
        return switch (init) {
            case SCRATCH -> new AffinityStart(ParameterSnapshot.capture(model.model().getBlock()), "scratch");
            case IMAGENET -> {
                var report = PretrainedStart.load(storage, pretrained, model.network().backbone());
                yield new AffinityStart(ParameterSnapshot.capture(model.model().getBlock()),
                        "imagenet " + pretrained + " (" + report.loaded() + " tensors)");
            }
            case STAGE1 -> fromStage1(model, CamCheckpoint.latest(stage1));
        };
    }

    /** Copies every backbone tensor (batch-norm statistics included) of the stage-1 network by name. */
    static AffinityStart fromStage1(AffinityModel model, CamCheckpoint checkpoint) {
        if (checkpoint.spec().backbone() != model.kind()) {
            throw new ConfigError("setting wsss.train-affinity.backbone = " + SettingsReader.settingName(model.kind())
                    + " differs from the backbone " + SettingsReader.settingName(checkpoint.spec().backbone())
                    + " of the stage-1 checkpoint " + checkpoint.location()
                    + ", and init = \"stage1\" copies that backbone: make the two match");
        }
        ParameterSnapshot own = ParameterSnapshot.capture(model.model().getBlock());
        Map<String, HostTensor> stageOne = backboneOf(
                SnapshotFiles.read(checkpoint.parameters(), checkpoint.location()).parameters());
        Map<String, HostTensor> wanted = backboneOf(own.parameters());
        TensorMismatchException.check("the stage-1 checkpoint " + checkpoint.location(), shapes(wanted),
                shapes(stageOne));
        Map<String, HostTensor> merged = new LinkedHashMap<>(own.parameters());
        merged.putAll(stageOne);
        return new AffinityStart(new ParameterSnapshot(merged, Map.of()),
                "stage1 " + checkpoint.location() + " (" + stageOne.size() + " tensors)");
    }

    private static Map<String, HostTensor> backboneOf(Map<String, HostTensor> parameters) {
        Map<String, HostTensor> backbone = new LinkedHashMap<>();
        parameters.forEach((name, tensor) -> {
            if (AffinityNet.isBackboneParameter(name)) backbone.put(name, tensor);
        });
        return backbone;
    }

    private static Map<String, long[]> shapes(Map<String, HostTensor> tensors) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> shapes.put(name, tensor.shape()));
        return shapes;
    }
}
