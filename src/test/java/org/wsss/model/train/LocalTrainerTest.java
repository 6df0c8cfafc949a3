package org.wsss.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.testing.ColourSquares;

class LocalTrainerTest {

    @Test
    void settingsRejectOutOfRangeValuesNamingThem() {
        IllegalArgumentException momentum = assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings(8, 0.01f, 1f, 5e-4f, 10, 1L, 1, 1));
        assertTrue(momentum.getMessage().startsWith("momentum"), momentum.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings(0, 0.01f, 0.9f, 5e-4f, 10, 1L, 1, 1));
        assertTrue(batch.getMessage().startsWith("batchSize"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingSettings(8, 0f, 0.9f, 5e-4f, 10, 1L, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingRound(0, 0, 1L));
        assertEquals(16, TrainingSettings.stage1(100, 1L).batchSize());
        assertEquals(15 * 230, TrainingSettings.stepsForEpochs(15, 3680, 16));
    }

    @Test
    void preparationFailuresSurfaceWithTheirCause() {
        TrainingSettings settings = new TrainingSettings(2, 0.01f, 0.9f, 5e-4f, 10, 1L, 2, 2);
        IllegalStateException broken = new IllegalStateException("undecodable image");
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu());
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> trainer.train(
                    List.of(1, 2, 3), (source, random) -> { throw broken; }, new TrainingRound(0, 2, 1L)));
            assertSame(broken, error.getCause());
        }
    }

    @Test
    void everySampleIsSeenOncePerEpochInASeededOrder() {
        SampleOrder order = new SampleOrder(5, 3L);
        boolean[] seen = new boolean[5];
        for (int position = 5; position < 10; position++) {
            seen[order.sampleAt(position)] = true;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        assertEquals(new SampleOrder(5, 3L).sampleAt(7), order.sampleAt(7));
    }

    @Test
    void reportCountsSamplesAndLosses() {
        TrainingSettings settings = new TrainingSettings(3, 0.01f, 0.9f, 5e-4f, 10, 1L, 1, 1);
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu());
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            TrainingReport report = trainer.train(
                    ColourSquares.images(4, 32, 1L).stream().map(ColourSquares.Labelled::sample).toList(),
                    (sample, random) -> sample, new TrainingRound(2, 3, 1L));
            assertEquals(9, report.samplesSeen());
            assertEquals(3, report.losses().length);
            assertTrue(report.meanLoss() > 0);
            assertEquals(4, trainer.optimizer().step());
        }
    }
}
