package org.wsss.jobs.cam;

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
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.train.ExecutorStart;
import org.wsss.jobs.train.NetworkFactory;
import org.wsss.jobs.train.PretrainedStart;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.TensorMismatchException;
import org.wsss.model.train.BackboneModel;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;

/**
 * The parameters a later stage's network (AffinityNet, the segmentation network) starts training from: the freshly
 * built network's, with its backbone replaced by ImageNet weights or by the stage-1 classifier's backbone as the
 * stage's {@code init} setting asks. The new layers always keep their seeded initialisation.
 *
 * @param parameters the starting point, without optimiser state
 * @param source where the backbone came from, for the stage report
 */
public record NetworkStart(ParameterSnapshot parameters, String source) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Builds the start of a later stage's network on an executor, with stage 1's checkpoints from the run's layout.
     *
     * @param stage the training stage, whose settings subtree has the same name (for error messages)
     * @param pretrained the ImageNet weights' location (used only by {@link BackboneStart#IMAGENET})
     */
    public static NetworkStart build(StageContext context, String stage, NetworkFactory factory, BackboneStart init,
                                     String pretrained) throws IOException {
        return ExecutorStart.run(context.spark(), stage, factory, context.settings().devices().gpuResource(),
                onExecutor(stage, init, context.storage(), pretrained,
                        context.layout().checkpoints(CamTrainingStage.CHECKPOINTS).toString(),
                        context.settings().trainCam().training().keepCheckpoints()));
    }

    /** Adds stage 1's latest checkpoint to a later stage's inputs when its network starts from it. */
    public static Declaration declareStart(Declaration declared, StageContext context, BackboneStart init)
            throws IOException {
        if (init == BackboneStart.STAGE1) {
            declared.checkpoint(context, CamTrainingStage.NAME,
                    context.layout().checkpoints(CamTrainingStage.CHECKPOINTS));
        }
        return declared;
    }

    /**
     * The start as a task builds it on an executor ({@link ExecutorStart}), from the network that task built, so the
     * driver needs no native library.
     *
     * @param stage the training stage, whose settings subtree has the same name (for error messages)
     * @param stage1Checkpoints the folder of stage 1's checkpoints (used only by {@link BackboneStart#STAGE1})
     * @param keepStage1 how many checkpoints stage 1 keeps
     */
    public static ExecutorStart.Work<NetworkStart> onExecutor(String stage, BackboneStart init, Storage storage,
                                                              String pretrained, String stage1Checkpoints,
                                                              int keepStage1) {
        return network -> of(stage, init, (BackboneModel<?>) network, storage, pretrained,
                new CheckpointStore(storage, new Path(stage1Checkpoints), keepStage1));
    }

    /**
     * @param model a network just built from the training seed; ImageNet weights are loaded into it in place
     * @param pretrained the ImageNet weights' location (used only by {@link BackboneStart#IMAGENET})
     * @param stage1 stage 1's checkpoints (used only by {@link BackboneStart#STAGE1})
     */
    public static NetworkStart of(String stage, BackboneStart init, BackboneModel<?> model, Storage storage,
                                  String pretrained, CheckpointStore stage1) throws IOException {
        return switch (init) {
            case SCRATCH -> new NetworkStart(ParameterSnapshot.capture(model.model().getBlock()), "scratch");
            case IMAGENET -> {
                var report = PretrainedStart.load(storage, pretrained, model.backbone());
                yield new NetworkStart(ParameterSnapshot.capture(model.model().getBlock()),
                        "imagenet " + pretrained + " (" + report.loaded() + " tensors)");
            }
            case STAGE1 -> fromStage1(stage, model, CamCheckpoint.latest(stage1));
        };
    }

    /** Copies every backbone tensor (batch-norm statistics included) of the stage-1 network by name. */
    static NetworkStart fromStage1(String stage, BackboneModel<?> model, CamCheckpoint checkpoint) {
        if (checkpoint.spec().backbone() != model.kind()) {
            throw new ConfigError("setting wsss." + stage + ".backbone = " + SettingsReader.settingName(model.kind())
                    + " differs from the backbone " + SettingsReader.settingName(checkpoint.spec().backbone())
                    + " of the stage-1 checkpoint " + checkpoint.location()
                    + ", and init = \"stage1\" copies that backbone: make the two match");
        }
        ParameterSnapshot own = ParameterSnapshot.capture(model.model().getBlock());
        Map<String, HostTensor> stageOne = backboneOf(model,
                SnapshotFiles.read(checkpoint.parameters(), checkpoint.location()).parameters());
        Map<String, HostTensor> wanted = backboneOf(model, own.parameters());
        TensorMismatchException.check("the stage-1 checkpoint " + checkpoint.location(), shapes(wanted),
                shapes(stageOne));
        Map<String, HostTensor> merged = new LinkedHashMap<>(own.parameters());
        merged.putAll(stageOne);
        return new NetworkStart(new ParameterSnapshot(merged, Map.of()),
                "stage1 " + checkpoint.location() + " (" + stageOne.size() + " tensors)");
    }

    /** The backbone's tensors; stage 1's and the later networks' backbones share their names. */
    private static Map<String, HostTensor> backboneOf(BackboneModel<?> model, Map<String, HostTensor> parameters) {
        Map<String, HostTensor> backbone = new LinkedHashMap<>();
        parameters.forEach((name, tensor) -> {
            if (model.isBackboneParameter(name)) backbone.put(name, tensor);
        });
        return backbone;
    }

    private static Map<String, long[]> shapes(Map<String, HostTensor> tensors) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> shapes.put(name, tensor.shape()));
        return shapes;
    }
}
