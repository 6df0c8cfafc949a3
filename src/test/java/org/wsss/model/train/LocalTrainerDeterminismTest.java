package org.wsss.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wsss.algo.augment.ClassificationAugmentation;
import org.wsss.algo.augment.ColorJitter;
import org.wsss.algo.augment.FloatImage;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.testing.ColourSquares;

/** A retried Spark task must reproduce its result: same snapshot, samples and round give identical parameters. */
class LocalTrainerDeterminismTest {

    private static final ClassificationAugmentation AUGMENTATION =
            new ClassificationAugmentation(24, 40, 0.5, ColorJitter.psa(), 32);
    private static final SamplePreparer<ColourSquares.Labelled> AUGMENTED = (image, random) -> {
        FloatImage input = AUGMENTATION.apply(image.rgb(), random);
        float[] target = new float[ColourSquares.CLASSES];
        target[image.label()] = 1f;
        return TrainingSample.of(input.values(), 3, input.height(), input.width(), target);
    };

    private static ParameterSnapshot train(ParameterSnapshot start, long modelSeed, int loaderThreads, TrainingRound round) {
        TrainingSettings settings = new TrainingSettings(4, 0.01f, 0.9f, 5e-4f, 20, 1L, loaderThreads, 2);
        List<ColourSquares.Labelled> images = ColourSquares.images(12, 36, 3L);
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, modelSeed), Device.cpu());
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            trainer.restore(start);
            trainer.train(images, AUGMENTED, round);
            return trainer.snapshot();
        }
    }

    @Test
    void sameStartSeedAndSamplesGiveIdenticalParameters() {
        ParameterSnapshot start;
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu())) {
            start = ParameterSnapshot.capture(model.network());
        }
        TrainingRound round = new TrainingRound(3, 4, 77L);

        ParameterSnapshot first = train(start, 5L, 1, round);
        ParameterSnapshot second = train(start, 6L, 2, round);
        ParameterSnapshot otherSeed = train(start, 5L, 1, new TrainingRound(3, 4, 78L));

        assertEquals(first, second);
        assertNotEquals(first.parameters(), otherSeed.parameters());
    }

    @Test
    void initialWeightsFollowTheSpecSeed() {
        try (CamModel a = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu());
                CamModel b = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu())) {
            assertEquals(ParameterSnapshot.capture(a.network()), ParameterSnapshot.capture(b.network()));
        }
    }

    @Test
    void roundsMustStayInsideTheSchedule() {
        TrainingSettings settings = new TrainingSettings(4, 0.01f, 0.9f, 5e-4f, 5, 1L, 1, 1);
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu());
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            assertThrows(IllegalArgumentException.class,
                    () -> trainer.train(ColourSquares.images(4, 32, 1L), AUGMENTED, new TrainingRound(3, 3, 1L)));
        }
    }
}
