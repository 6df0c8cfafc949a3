package org.wsss.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.testing.ColourSquares;

/**
 * Two Spark tasks of one executor JVM train side by side (local[N], several CPU task slots): each must get exactly
 * what it would get alone. DJL's own gradient collector allows only one open collector per JVM.
 */
class ConcurrentTrainingTest {
    private static final TrainingSettings SETTINGS = new TrainingSettings(2, 0.01f, 0.9f, 5e-4f, 6, 1L, 1, 1);
    private static final SamplePreparer<ColourSquares.Labelled> PLAIN = (image, random) -> image.sample();

    @Test
    void twoTrainersInParallelThreadsMatchEachAlone() throws Exception {
        List<ColourSquares.Labelled> images = ColourSquares.images(6, 32, 2L);
        ParameterSnapshot aloneA = train(images, 1L, null);
        ParameterSnapshot aloneB = train(images, 2L, null);

        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<ParameterSnapshot> a = CompletableFuture.supplyAsync(() -> train(images, 1L, start));
        CompletableFuture<ParameterSnapshot> b = CompletableFuture.supplyAsync(() -> train(images, 2L, start));
        assertEquals(aloneA, a.get());
        assertEquals(aloneB, b.get());
    }

    @Test
    void theThreadCollectorDoesNotClearOtherTasksGradients() {
        try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
            assertThrows(UnsupportedOperationException.class, collector::zeroGradients);
        }
    }

    private static ParameterSnapshot train(List<ColourSquares.Labelled> images, long seed, CyclicBarrier start) {
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, ColourSquares.CLASSES, seed),
                Device.cpu()); LocalTrainer trainer = new LocalTrainer(model, SETTINGS, Device.cpu())) {
            if (start != null) start.await();
            trainer.train(images, PLAIN, new TrainingRound(0, 6, seed));
            return trainer.snapshot();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
