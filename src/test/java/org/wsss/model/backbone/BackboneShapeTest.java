package org.wsss.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsss.model.nn.NamedParameters;

class BackboneShapeTest {

    @ParameterizedTest
    @CsvSource({"SMALL, 33, 47", "SMALL, 65, 97", "RESNET50, 33, 47", "RESNET50, 65, 97"})
    void featuresHaveStrideEightAndStageChannels(BackboneKind kind, int height, int width) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = ResNetBackbone.builder().setKind(kind).build();
            Shape input = new Shape(2, 3, height, width);
            backbone.initialize(manager, DataType.FLOAT32, input);
            Shape[] declared = backbone.getOutputShapes(new Shape[] {input});
            NDList outputs = backbone.forward(
                    new ParameterStore(manager, false), new NDList(manager.randomNormal(input)), false);

            long featureHeight = (height + BackboneKind.OUTPUT_STRIDE - 1) / BackboneKind.OUTPUT_STRIDE;
            long featureWidth = (width + BackboneKind.OUTPUT_STRIDE - 1) / BackboneKind.OUTPUT_STRIDE;
            for (FeatureStage stage : FeatureStage.values()) {
                Shape expected = new Shape(2, kind.featureChannels(stage), featureHeight, featureWidth);
                NDArray features = stage.select(outputs);
                assertEquals(expected, features.getShape(), stage.name());
                assertEquals(expected, declared[stage.ordinal()], stage.name());
            }
        }
    }

    @Test
    void resnet50ParametersCarryTorchvisionNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = ResNetBackbone.builder().setKind(BackboneKind.RESNET50).build();
            backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            Map<String, Parameter> named = NamedParameters.of(backbone);

            assertArrayEquals(new long[] {64, 3, 7, 7}, named.get("conv1.weight").getShape().getShape());
            assertArrayEquals(new long[] {64}, named.get("bn1.running_var").getShape().getShape());
            assertArrayEquals(new long[] {256, 64, 1, 1}, named.get("layer1.0.downsample.0.weight").getShape().getShape());
            assertArrayEquals(new long[] {256}, named.get("layer1.0.downsample.1.bias").getShape().getShape());
            assertArrayEquals(new long[] {512, 512, 3, 3}, named.get("layer4.2.conv2.weight").getShape().getShape());
            assertArrayEquals(new long[] {2048, 512, 1, 1}, named.get("layer4.2.conv3.weight").getShape().getShape());
            // torchvision's state dict: 320 keys = 161 parameters (2 of them fc) + 106 running stats + 53 counters
            assertEquals(265, named.size());
            long trainable = named.values().stream()
                    .filter(p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR)
                    .mapToLong(p -> p.getShape().size())
                    .sum();
            // torchvision's 25,557,032 minus the 2048 x 1000 + 1000 classifier
            assertEquals(23_508_032L, trainable);
        }
    }

    @Test
    void resnet101HasTwentyThreeUnitsInStageFour() {
        ResNetBackbone backbone = ResNetBackbone.builder().setKind(BackboneKind.RESNET101).build();
        Shape[] shapes = backbone.getOutputShapes(new Shape[] {new Shape(1, 3, 448, 448)});
        assertEquals(new Shape(1, 2048, 56, 56), shapes[FeatureStage.STAGE5.ordinal()]);
        assertEquals(23, BackboneKind.RESNET101.unitCount(ResNetLayer.LAYER3));
    }

    @Test
    void builderNamesWhatIsMissing() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> ResNetBackbone.builder().build());
        assertTrue(error.getMessage().contains("setKind"), error.getMessage());
    }

    @Test
    void kindsParseCaseInsensitivelyAndListAlternatives() {
        assertEquals(BackboneKind.RESNET101, BackboneKind.fromName("ResNet101"));
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> BackboneKind.fromName("vgg16"));
        assertTrue(error.getMessage().contains("small, resnet50, resnet101"), error.getMessage());
    }
}
