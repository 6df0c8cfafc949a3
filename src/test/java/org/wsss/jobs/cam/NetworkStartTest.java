package org.wsss.jobs.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.config.BackboneStart;
import org.wsss.config.ConfigError;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MissingInputException;
import org.wsss.io.Storage;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.affinity.AffinityNet;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.seg.SegModel;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;

/** The starts of AffinityNet and of the segmentation network: one piece of code, both networks. */
class NetworkStartTest {
    @TempDir
    Path dir;

    @Test
    void stage1CopiesTheWholeBackboneAndKeepsTheNewLayers() throws IOException {
        CamModelSpec spec = CamModelSpec.of(BackboneKind.SMALL, 3, 5L);
        ParameterSnapshot stageOne;
        try (CamModel cam = CamModel.create(spec, Device.cpu())) {
            stageOne = ParameterSnapshot.capture(cam.model().getBlock());
        }
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, 1L, Device.cpu())) {
            ParameterSnapshot own = ParameterSnapshot.capture(model.model().getBlock());
            NetworkStart start = NetworkStart.fromStage1("train-affinity", model,
                    new CamCheckpoint("file:/runs/checkpoints/cam/round-000009", spec, bytes(stageOne)));

            Map<String, HostTensor> started = start.parameters().parameters();
            assertEquals(own.parameters().keySet(), started.keySet());
            int copied = 0;
            int changed = 0;
            for (Map.Entry<String, HostTensor> entry : started.entrySet()) {
                String name = entry.getKey();
                if (AffinityNet.isBackboneParameter(name)) {
                    assertArrayEquals(stageOne.parameters().get(name).values(), entry.getValue().values(), name);
                    copied++;
                    if (!Arrays.equals(own.parameters().get(name).values(), entry.getValue().values())) changed++;
                } else {
                    assertArrayEquals(own.parameters().get(name).values(), entry.getValue().values(), name);
                }
            }
            assertTrue(changed > 0, "the two seeds drew different convolution weights, so some must change");
            assertTrue(started.keySet().stream().anyMatch(n -> n.startsWith("fuse")));
            assertTrue(started.keySet().stream().filter(n -> n.contains("running")).allMatch(
                    AffinityNet::isBackboneParameter), "batch-norm statistics belong to the backbone");
            assertEquals("stage1 file:/runs/checkpoints/cam/round-000009 (" + copied + " tensors)", start.source());
            assertTrue(start.parameters().velocities().isEmpty());
        }
    }

    @Test
    void aStage1BackboneOfAnotherKindIsAConfigurationMistake() {
        CamCheckpoint resnet = new CamCheckpoint("file:/runs/cam/round-000001",
                CamModelSpec.of(BackboneKind.RESNET50, 37, 1L), new byte[0]);
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, 1L, Device.cpu())) {
            ConfigError e = assertThrows(ConfigError.class,
                    () -> NetworkStart.fromStage1("train-affinity", model, resnet));
            assertEquals("setting wsss.train-affinity.backbone = small differs from the backbone resnet50 of the"
                    + " stage-1 checkpoint file:/runs/cam/round-000001, and init = \"stage1\" copies that backbone:"
                    + " make the two match", e.getMessage());
        }
    }

    @Test
    void stage1WithoutACheckpointSaysWhatToRun() {
        CheckpointStore empty = new CheckpointStore(Storage.local(),
                new org.apache.hadoop.fs.Path(dir.resolve("cam").toUri()), 1);
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, 1L, Device.cpu())) {
            MissingInputException e = assertThrows(MissingInputException.class,
                    () -> NetworkStart.of("train-affinity", BackboneStart.STAGE1, model, Storage.local(), "", empty));
            assertTrue(e.getMessage().contains("run `wsss train-cam` first"), e.getMessage());
        }
    }

    @Test
    void scratchIsTheSeededNetworkItself() throws IOException {
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, 1L, Device.cpu())) {
            NetworkStart start = NetworkStart.of("train-affinity", BackboneStart.SCRATCH, model, Storage.local(), "",
                    null);
            ParameterSnapshot own = ParameterSnapshot.capture(model.model().getBlock());
            assertEquals("scratch", start.source());
            own.parameters().forEach((name, tensor) ->
                    assertArrayEquals(tensor.values(), start.parameters().parameters().get(name).values(), name));
        }
    }

    @Test
    void theSegmentationNetworkGetsTheStage1BackboneAndKeepsItsSeededHead() throws IOException {
        CamModelSpec spec = CamModelSpec.of(BackboneKind.SMALL, 4, 9L);
        try (CamModel cam = CamModel.create(spec, Device.cpu());
                SegModel seg = SegModel.create(BackboneKind.SMALL, 38, 1L, Device.cpu())) {
            ParameterSnapshot camParameters = ParameterSnapshot.capture(cam.model().getBlock());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SnapshotFiles.write(camParameters, bytes);
            ParameterSnapshot own = ParameterSnapshot.capture(seg.model().getBlock());
            NetworkStart start = NetworkStart.fromStage1("train-seg", seg,
                    new CamCheckpoint("mem:stage1", spec, bytes.toByteArray()));

            Map<String, HostTensor> started = start.parameters().parameters();
            assertEquals(own.parameters().keySet(), started.keySet());
            int copied = 0;
            for (Map.Entry<String, HostTensor> entry : started.entrySet()) {
                String name = entry.getKey();
                if (name.startsWith("backbone.")) {
                    assertTrue(entry.getValue().sameContent(camParameters.parameters().get(name)), name);
                    copied++;
                } else {
                    assertTrue(entry.getValue().sameContent(own.parameters().get(name)), name + " stays seeded");
                }
            }
            assertTrue(copied > 10, copied + " backbone tensors");
            assertTrue(start.source().startsWith("stage1 mem:stage1 ("), start.source());
            assertFalse(started.keySet().stream().anyMatch(n -> n.startsWith("classifier")));
        }
    }

    @Test
    void theSegmentationStageIsNamedWhenTheBackbonesDiffer() {
        CamModelSpec spec = CamModelSpec.of(BackboneKind.RESNET50, 4, 9L);
        try (SegModel seg = SegModel.create(BackboneKind.SMALL, 2, 1L, Device.cpu())) {
            ConfigError e = assertThrows(ConfigError.class, () -> NetworkStart.fromStage1("train-seg", seg,
                    new CamCheckpoint("mem:stage1", spec, new byte[0])));
            assertTrue(e.getMessage().startsWith("setting wsss.train-seg.backbone = small differs"), e.getMessage());
        }
    }

    private static byte[] bytes(ParameterSnapshot snapshot) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotFiles.write(snapshot, out);
        return out.toByteArray();
    }
}
