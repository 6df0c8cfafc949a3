package org.wsss.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.TensorMismatchException;
import org.wsss.model.testing.ColourSquares;

class ParameterSnapshotTest {

    private static final HostTensor PROBE = ColourSquares.images(2, 32, 4L).get(1).sample().input();

    private static HostTensor probeBatch() {
        return new HostTensor(new long[] {1, 3, 32, 32}, PROBE.values());
    }

    /** A snapshot after two training steps, so running statistics and velocities are not their initial values. */
    private static ParameterSnapshot trainedSnapshot(CamModel model) {
        TrainingSettings settings = new TrainingSettings(4, 0.01f, 0.9f, 5e-4f, 10, 1L, 1, 1);
        List<TrainingSample> samples =
                ColourSquares.images(8, 32, 2L).stream().map(ColourSquares.Labelled::sample).toList();
        try (LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            trainer.train(samples, (s, r) -> s, new TrainingRound(0, 2, 9L));
            return trainer.snapshot();
        }
    }

    @Test
    void loadingAnExportedSnapshotReproducesOutputsExactly() {
        try (CamModel source = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu());
                CamModel target = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 2L), Device.cpu())) {
            ParameterSnapshot snapshot = trainedSnapshot(source);
            assertFalse(snapshot.velocities().isEmpty());
            assertFalse(source.logits(probeBatch()).sameContent(target.logits(probeBatch())));

            snapshot.applyTo(target.network());

            assertArrayEquals(source.logits(probeBatch()).values(), target.logits(probeBatch()).values());
            ParameterSnapshot reExported = ParameterSnapshot.capture(target.network());
            assertEquals(snapshot.parameters(), reExported.parameters());
            assertTrue(snapshot.parameters().containsKey("backbone.layer4.0.bn2.running_var"));
        }
    }

    @Test
    void averagingIdenticalSnapshotsIsTheIdentity() {
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu())) {
            ParameterSnapshot snapshot = trainedSnapshot(model);
            ParameterSnapshot average = ParameterSnapshot.weightedAverage(List.of(snapshot, snapshot), List.of(3.0, 5.0));
            assertEquals(snapshot, average);
        }
    }

    @Test
    void averagesAreWeightedAndTreeMergesAgreeWithSequentialAdds() {
        ParameterSnapshot a = single(0f, 4f);
        ParameterSnapshot b = single(4f, 8f);
        ParameterSnapshot c = single(10f, -2f);
        ParameterSnapshot average = ParameterSnapshot.weightedAverage(List.of(a, b), List.of(1.0, 3.0));
        assertArrayEquals(new float[] {3f, 7f}, average.parameters().get("w").values(), 1e-6f);

        SnapshotAverager left = new SnapshotAverager().add(a, 1.0).add(b, 3.0);
        SnapshotAverager right = new SnapshotAverager().add(c, 4.0);
        ParameterSnapshot merged = new SnapshotAverager().merge(left).merge(right).result();
        assertArrayEquals(new float[] {6.5f, 2.5f}, merged.parameters().get("w").values(), 1e-6f);
        assertEquals(8.0, left.merge(right).totalWeight());
    }

    @Test
    void snapshotsOfDifferentNetworksDoNotAverage() {
        ParameterSnapshot a = single(0f, 4f);
        ParameterSnapshot other = new ParameterSnapshot(Map.of("v", new HostTensor(new long[] {2}, new float[2])), Map.of());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ParameterSnapshot.weightedAverage(List.of(a, other), List.of(1.0, 1.0)));
        assertTrue(error.getMessage().contains("[w]") && error.getMessage().contains("[v]"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ParameterSnapshot.weightedAverage(List.of(a), List.of(0.0)));
    }

    @Test
    void applyingAForeignSnapshotListsEveryDifference() {
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu())) {
            Map<String, HostTensor> tensors = new LinkedHashMap<>(ParameterSnapshot.capture(model.network()).parameters());
            tensors.remove("backbone.conv1.weight");
            tensors.put("backbone.extra", HostTensor.zeros(1));
            tensors.put("classifier.weight", HostTensor.zeros(5, 128, 1, 1));
            TensorMismatchException error = assertThrows(TensorMismatchException.class,
                    () -> new ParameterSnapshot(tensors, Map.of()).applyTo(model.network()));
            assertEquals(List.of("backbone.conv1.weight [16, 3, 7, 7]"), error.missing());
            assertEquals(List.of("backbone.extra [1]"), error.unexpected());
            assertEquals(List.of("classifier.weight: expected [3, 128, 1, 1], got [5, 128, 1, 1]"), error.wrongShape());
        }
    }

    @Test
    void snapshotsSurviveJavaSerialisationAndSafetensorsFiles() throws IOException, ClassNotFoundException {
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu())) {
            ParameterSnapshot snapshot = trainedSnapshot(model);

            ByteArrayOutputStream javaBytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(javaBytes)) {
                out.writeObject(snapshot);
            }
            Object copy;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(javaBytes.toByteArray()))) {
                copy = in.readObject();
            }
            assertEquals(snapshot, copy);

            ByteArrayOutputStream file = new ByteArrayOutputStream();
            SnapshotFiles.write(snapshot, file);
            assertEquals(snapshot, SnapshotFiles.read(file.toByteArray(), "checkpoint.safetensors"));
        }
    }

    private static ParameterSnapshot single(float first, float second) {
        return new ParameterSnapshot(Map.of("w", new HostTensor(new long[] {2}, new float[] {first, second})), Map.of());
    }
}
