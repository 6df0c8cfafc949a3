package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;

class TrainAffinitySettingsTest {

    @Test
    void defaultsArePsas() {
        AffinityTrainingSettings settings = ConfigLoader.load(List.of(), Map.of()).trainAffinity();
        TrainingConfig training = settings.training();
        assertEquals(BackboneStart.STAGE1, settings.init());
        assertEquals(BackboneKind.RESNET50, training.backbone());
        assertEquals(8, training.batchSize());
        assertEquals(8, training.epochs());
        assertEquals(0.1, training.learningRate());
        assertEquals(0.9, training.momentum());
        assertEquals(5e-4, training.weightDecay());
        assertEquals(448, training.crop());
        assertEquals(TrainingConfig.TrainingMode.EXECUTORS, training.mode());
        assertEquals(0, training.stopAfterRound());
    }

    @Test
    void theDemoPresetStartsTheSmallBackboneFromStage1() {
        WsssSettings demo = ConfigLoader.load(List.of(Path.of(System.getProperty("wsss.home", "."))
                .resolve("conf/demo.conf")), Map.of());
        assertEquals(BackboneStart.STAGE1, demo.trainAffinity().init());
        assertEquals(BackboneKind.SMALL, demo.trainAffinity().training().backbone());
        assertEquals(BackboneKind.SMALL, demo.trainCam().training().backbone());
    }

    @Test
    void startingFromStage1NeedsStage1sBackbone() {
        ConfigError e = assertThrows(ConfigError.class, () -> load(Map.of("train-affinity.backbone", "small")));
        assertEquals("setting wsss.train-affinity.backbone = small differs from wsss.train-cam.backbone = resnet50,"
                + " but wsss.train-affinity.init = \"stage1\" copies stage 1's backbone: make them match or choose"
                + " another init", e.getMessage());
        assertEquals(BackboneStart.SCRATCH, load(Map.of("train-affinity.backbone", "small",
                "train-affinity.init", "scratch")).init());
    }

    @Test
    void imagenetNeedsWeights() {
        ConfigError e = assertThrows(ConfigError.class, () -> load(Map.of("train-affinity.init", "imagenet")));
        assertTrue(e.getMessage().startsWith("setting wsss.train-affinity.init = \"imagenet\" needs "
                + "wsss.train-affinity.pretrained"), e.getMessage());
        AffinityTrainingSettings ok = load(Map.of("train-affinity.init", "imagenet",
                "train-affinity.pretrained", "s3a://bucket/resnet50.safetensors"));
        assertEquals(BackboneStart.IMAGENET, ok.init());
    }

    @Test
    void weightsThatWouldBeIgnoredAreRefused() {
        ConfigError e = assertThrows(ConfigError.class, () -> load(Map.of("train-affinity.init", "scratch",
                "train-affinity.pretrained", "weights.npz")));
        assertEquals("setting wsss.train-affinity.pretrained = \"weights.npz\" is only used with "
                + "wsss.train-affinity.init = \"imagenet\", but init = \"scratch\"", e.getMessage());
    }

    @Test
    void cropMustKeepWholeLabelCellsAndHoldAPair() {
        for (String crop : List.of("100", "64")) {
            ConfigError e = assertThrows(ConfigError.class, () -> load(Map.of("train-affinity.crop", crop)));
            assertEquals("setting wsss.train-affinity.crop = " + crop + " is out of range: expected a multiple of 8"
                    + " of at least 72", e.getMessage());
        }
        assertEquals(72, load(Map.of("train-affinity.crop", "72")).training().crop());
    }

    @Test
    void unknownStartNamesTheChoices() {
        ConfigError e = assertThrows(ConfigError.class, () -> load(Map.of("train-affinity.init", "cam")));
        assertEquals("setting wsss.train-affinity.init = \"cam\" is out of range: expected one of "
                + "[imagenet, stage1, scratch]", e.getMessage());
    }

    @Test
    void sharedKeysAreCheckedUnderTheirOwnName() {
        ConfigError e = assertThrows(ConfigError.class, () -> load(Map.of("train-affinity.batch-size", "0")));
        assertTrue(e.getMessage().startsWith("setting wsss.train-affinity.batch-size = 0 is out of range"),
                e.getMessage());
    }

    private static AffinityTrainingSettings load(Map<String, String> overrides) {
        return ConfigLoader.load(List.of(), overrides).trainAffinity();
    }
}
