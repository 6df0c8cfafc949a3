package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;

/** conf/pets-resnet50.conf holds PSA's choices and refuses to run without ImageNet weights. */
class ProductionPresetTest {
    private static final Path PRESET = Path.of("conf/pets-resnet50.conf");
    private static final String WEIGHTS = "/data/resnet50-11ad3fa6.pth";

    @Test
    void thePresetIsPsasConfigurationWithTheSameEffectiveStep() {
        WsssSettings s = ConfigLoader.load(List.of(PRESET),
                Map.of("train-cam.pretrained", WEIGHTS, "train-affinity.pretrained", WEIGHTS));
        for (TrainingConfig training : List.of(s.trainCam().training(), s.trainAffinity().training())) {
            assertEquals(BackboneKind.RESNET50, training.backbone());
            assertEquals(448, training.crop());
            assertEquals(WEIGHTS, training.pretrained());
            // PSA's step was lr 0.1 at momentum ~0; with momentum m the steady step is lr / (1 - m).
            assertEquals(0.1, training.learningRate() / (1 - training.momentum()), 1e-9);
            assertTrue(training.microBatch() >= 1 && training.microBatch() < training.batchSize(),
                    "a 448 crop of ResNet-50 is trained in micro-batches: " + training.microBatch());
        }
        assertEquals(16, s.trainCam().training().batchSize());
        assertEquals(8, s.trainAffinity().training().batchSize());
        assertEquals(BackboneStart.IMAGENET, s.trainAffinity().init());
        assertEquals(List.of(1.0, 0.5, 1.5, 2.0), s.cams().scales());
        assertEquals(4, s.affinityLabels().lowAlpha(), 0);
        assertEquals(32, s.affinityLabels().highAlpha(), 0);
        assertEquals(8, s.randomWalk().walk().logt());
        assertEquals(8, s.randomWalk().walk().beta(), 0);
    }

    @Test
    void withoutWeightsThePresetStopsAtStartUpNamingTheSetting() {
        // WSSS_IMAGENET_WEIGHTS is not set in the test JVM, so the preset's substitution leaves the default "".
        ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(List.of(PRESET), Map.of()));
        assertTrue(error.getMessage().contains("wsss.train-affinity.pretrained"), error.getMessage());
    }
}
