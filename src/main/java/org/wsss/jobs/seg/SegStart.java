package org.wsss.jobs.seg;

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
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.TensorMismatchException;
import org.wsss.model.seg.SegModel;
import org.wsss.model.seg.SegNet;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;

/**
 * The parameters the segmentation network's training starts from, as {@code wsss.train-seg.init} asks: the seeded
 * network's, with the backbone from ImageNet weights or from the stage-1 classifier. The ASPP head always starts
 * from its seeded initialisation.
 */
public record SegStart(ParameterSnapshot parameters, String source) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * The start as a task builds it on an executor ({@link ExecutorStart}), from the network that task built, so the
     * driver needs no native library.
     *
     * @param stage1Checkpoints the folder of stage 1's checkpoints (used only by {@link BackboneStart#STAGE1})
     * @param keepStage1 how many checkpoints stage 1 keeps
     */
    public static ExecutorStart.Work<SegStart> onExecutor(BackboneStart init, Storage storage, String pretrained,
                                                          String stage1Checkpoints, int keepStage1) {
        return network -> of(init, (SegModel) network, storage, pretrained,
                new CheckpointStore(storage, new Path(stage1Checkpoints), keepStage1));
    }

    public static SegStart of(BackboneStart init, SegModel model, Storage storage, String pretrained,
                              CheckpointStore stage1) throws IOException {
        return switch (init) {
            case SCRATCH -> new SegStart(ParameterSnapshot.capture(model.model().getBlock()), "scratch");
            case IMAGENET -> {
                var report = PretrainedStart.load(storage, pretrained, model.network().backbone());
                yield new SegStart(ParameterSnapshot.capture(model.model().getBlock()),
                        "imagenet " + pretrained + " (" + report.loaded() + " tensors)");
            }
            case STAGE1 -> fromStage1(model, CamCheckpoint.latest(stage1));
        };
    }

    /** Copies every backbone tensor (batch-norm statistics included) of the stage-1 network by name. */
    static SegStart fromStage1(SegModel model, CamCheckpoint checkpoint) {
        if (checkpoint.spec().backbone() != model.kind()) {
            throw new ConfigError("setting wsss.train-seg.backbone = " + SettingsReader.settingName(model.kind())
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
        return new SegStart(new ParameterSnapshot(merged, Map.of()),
                "stage1 " + checkpoint.location() + " (" + stageOne.size() + " tensors)");
    }

    private static Map<String, HostTensor> backboneOf(Map<String, HostTensor> parameters) {
        Map<String, HostTensor> backbone = new LinkedHashMap<>();
        parameters.forEach((name, tensor) -> {
            if (SegNet.isBackboneParameter(name)) backbone.put(name, tensor);
        });
        return backbone;
    }

    private static Map<String, long[]> shapes(Map<String, HostTensor> tensors) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> shapes.put(name, tensor.shape()));
        return shapes;
    }
}
