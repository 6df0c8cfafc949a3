package org.wsss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.io.BadInputException;
import org.wsss.io.Storage;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.weights.TorchSaveFiles;

/** ImageNet weights reach a backbone from a URI; a bad file is the user's input to fix, named as such. */
class PretrainedStartTest {
    @TempDir
    Path dir;

    @Test
    void aTorchvisionStyleFileLoadsAndABadOneIsNamedInput() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = ResNetBackbone.builder().setKind(BackboneKind.SMALL).build();
            backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            NamedParameters.of(backbone).forEach((name, parameter) -> {
                long[] shape = parameter.getShape().getShape();
                float[] values = new float[(int) HostTensor.elementCount(shape)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (name.hashCode() % 97 + i % 13) / 16f;
                }
                tensors.put(name, new HostTensor(shape, values));
            });
            Path file = dir.resolve("resnet-small.pth");
            Files.write(file, TorchSaveFiles.of(tensors));

            var report = PretrainedStart.load(Storage.local(), file.toString(), backbone);

            assertEquals(tensors.size(), report.loaded());
            float[] loaded = NamedParameters.of(backbone).get("layer3.0.conv2.weight").getArray().toFloatArray();
            assertArrayEquals(tensors.get("layer3.0.conv2.weight").values(), loaded);

            Path evil = Path.of(getClass().getResource("/reference/weights/evil-state-dict.pth").toURI());
            BadInputException refused = assertThrows(BadInputException.class,
                    () -> PretrainedStart.load(Storage.local(), evil.toString(), backbone));
            assertTrue(refused.getMessage().startsWith("pretrained weights " + evil + ": evil-state-dict.pth:")
                    && refused.getMessage().contains("os.system"), refused.getMessage());
        }
    }
}
