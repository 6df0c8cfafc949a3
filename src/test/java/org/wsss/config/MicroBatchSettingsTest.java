package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;

/** The micro-batch is chosen, or checked, against the task's memory at start-up. */
class MicroBatchSettingsTest {
    private static final long GIB = 1L << 30;

    @Test
    void automaticMicroBatchIsTheLargestThatFits() {
        WsssSettings settings = ConfigLoader.load(List.of(), Map.of());
        long budget = settings.devices().memoryPerTask();
        assertEquals(6 * GIB, budget);
        TrainingConfig cam = settings.trainCam().training();
        int chosen = cam.microBatch();
        assertTrue(chosen >= 1 && chosen < cam.batchSize(), "ResNet-50 at 448 should need micro-batches: " + chosen);
        assertTrue(TrainingMemory.stepBytes(BackboneKind.RESNET50, 448, TrainingMemory.Network.CLASSIFIER, chosen)
                <= budget);
        assertTrue(TrainingMemory.stepBytes(BackboneKind.RESNET50, 448, TrainingMemory.Network.CLASSIFIER, chosen + 1)
                > budget);
        // A small network fits whole batches; the choice never exceeds the batch.
        TrainingConfig small = load(Map.of("train-cam.backbone", "small", "train-cam.crop", "96",
                "train-affinity.backbone", "small", "train-seg.backbone", "small")).trainCam().training();
        assertEquals(small.batchSize(), small.microBatch());
        // More memory, larger micro-batches.
        int roomier = load(Map.of("devices.memory-per-task", "12g")).trainCam().training().microBatch();
        assertTrue(roomier > chosen, roomier + " vs " + chosen);
    }

    /**
     * Peak resident memory of train-seg steps, ResNet-50 at crop 448 (docs/BENCHMARKS.md "Training memory",
     * TrainingMemoryBench ... segmentation): 2665 MiB at micro-batch 1, 3966 MiB at 2.
     */
    @Test
    void theSegmentationEstimateCoversItsMeasuredPeaksAndPicksAFittingMicroBatch() {
        long mib = 1L << 20;
        TrainingMemory.Network seg = TrainingMemory.Network.SEGMENTATION;
        assertTrue(TrainingMemory.stepBytes(BackboneKind.RESNET50, 448, seg, 1) >= 2665 * mib);
        assertTrue(TrainingMemory.stepBytes(BackboneKind.RESNET50, 448, seg, 2) >= 3966 * mib);
        TrainingConfig training = load(Map.of()).trainSeg().training();
        assertEquals(BackboneKind.RESNET50, training.backbone());
        assertEquals(448, training.crop());
        assertEquals(2, training.microBatch(), "two images of 3966 MiB measured fit the default 6 GiB");
    }

    @Test
    void anExplicitMicroBatchIsKeptWhenItFits() {
        assertEquals(1, load(Map.of("train-affinity.micro-batch", "1")).trainAffinity().training().microBatch());
        // Capped at the batch size.
        assertEquals(8, load(Map.of("train-cam.backbone", "small", "train-affinity.backbone", "small",
                "train-seg.backbone", "small", "train-cam.crop", "96", "train-cam.batch-size", "8",
                "train-cam.micro-batch", "64"))
                .trainCam().training().microBatch());
    }

    @Test
    void anExplicitMicroBatchOverTheBudgetFailsNamingBothKeys() {
        ConfigError e = assertThrows(ConfigError.class, () -> load(Map.of("train-cam.micro-batch", "16")));
        assertTrue(e.getMessage().startsWith("setting wsss.train-cam.micro-batch = 16 needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("over wsss.devices.memory-per-task = 6.0g"), e.getMessage());
        assertTrue(e.getMessage().contains("lower wsss.train-cam.micro-batch"), e.getMessage());
    }

    @Test
    void aBudgetTooSmallForOneImageFailsNamingTheKey() {
        ConfigError e = assertThrows(ConfigError.class, () -> load(Map.of("devices.memory-per-task", "1g")));
        assertTrue(e.getMessage().startsWith("setting wsss.devices.memory-per-task = 1.0g cannot train even one image"
                + " of resnet50 at wsss.train-cam.crop = 448"), e.getMessage());
        assertTrue(e.getMessage().contains("or lower wsss.train-cam.crop"), e.getMessage());
    }

    @Test
    void outOfRangeValuesNameTheirKey() {
        ConfigError negative = assertThrows(ConfigError.class, () -> load(Map.of("train-affinity.micro-batch", "-1")));
        assertTrue(negative.getMessage().startsWith("setting wsss.train-affinity.micro-batch = -1 is out of range"),
                negative.getMessage());
        ConfigError notASize = assertThrows(ConfigError.class, () -> load(Map.of("devices.memory-per-task", "lots")));
        assertTrue(notASize.getMessage().startsWith("setting wsss.devices.memory-per-task = \"lots\" is not a size"),
                notASize.getMessage());
    }

    private static WsssSettings load(Map<String, String> overrides) {
        return ConfigLoader.load(List.of(), overrides);
    }
}
