package org.wsss.jobs.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.config.ConfigError;
import org.wsss.jobs.cam.CamCheckpoint;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.seg.SegModel;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;

class SegStartTest {

    @Test
    void theStage1BackboneIsCopiedAndTheHeadKeepsItsSeededStart() throws java.io.IOException {
        CamModelSpec spec = CamModelSpec.of(BackboneKind.SMALL, 4, 9L);
        try (CamModel cam = CamModel.create(spec, Device.cpu());
                SegModel seg = SegModel.create(BackboneKind.SMALL, 38, 1L, Device.cpu())) {
            ParameterSnapshot camParameters = ParameterSnapshot.capture(cam.model().getBlock());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SnapshotFiles.write(camParameters, bytes);
            ParameterSnapshot own = ParameterSnapshot.capture(seg.model().getBlock());
            SegStart start = SegStart.fromStage1(seg, new CamCheckpoint("mem:stage1", spec, bytes.toByteArray()));

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
    void aStage1BackboneOfAnotherKindIsRefused() {
        CamModelSpec spec = CamModelSpec.of(BackboneKind.RESNET50, 4, 9L);
        try (SegModel seg = SegModel.create(BackboneKind.SMALL, 2, 1L, Device.cpu())) {
            ConfigError e = assertThrows(ConfigError.class, () -> SegStart.fromStage1(seg,
                    new CamCheckpoint("mem:stage1", spec, new byte[0])));
            assertTrue(e.getMessage().startsWith("setting wsss.train-seg.backbone = small differs"), e.getMessage());
        }
    }
}
