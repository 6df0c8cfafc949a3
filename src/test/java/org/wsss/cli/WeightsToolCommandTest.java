package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.weights.TorchSaveFiles;

/** {@code wsss tool weights}: says whether a weight file fits a backbone, through the real command line. */
class WeightsToolCommandTest {
    @TempDir
    Path dir;

    /** The small backbone's state dict as torchvision would save it: parameters, step counters and classifier. */
    private static Map<String, HostTensor> smallStateDict() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = ResNetBackbone.builder().setKind(BackboneKind.SMALL).build();
            backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NamedParameters.of(backbone).forEach((name, parameter) -> {
                tensors.put(name, HostTensor.zeros(parameter.getShape().getShape()));
                if (name.endsWith(".running_var")) {
                    tensors.put(name.replace(".running_var", ".num_batches_tracked"),
                            new HostTensor(new long[0], new float[] {3f}));
                }
            });
        }
        tensors.put("fc.weight", HostTensor.zeros(1000, 128));
        tensors.put("fc.bias", HostTensor.zeros(1000));
        return tensors;
    }

    private Path write(String name, Map<String, HostTensor> tensors) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, TorchSaveFiles.of(tensors));
        return file;
    }

    @Test
    void fittingFileExitsZeroSayingEveryTensorMatches() throws Exception {
        Map<String, HostTensor> tensors = smallStateDict();
        long counters = tensors.keySet().stream().filter(n -> n.endsWith(".num_batches_tracked")).count();
        Path file = write("resnet-small.pth", tensors);

        WsssCliTest.Outcome o = WsssCliTest.run("tool", "weights", "--backbone", "small", file.toString());

        assertEquals(0, o.exitCode(), o.err());
        int parameters = tensors.size() - (int) counters - 2;
        assertTrue(o.out().contains("all " + parameters + " small tensors match; ignored fc.weight, fc.bias and "
                + counters + " *.num_batches_tracked"), o.out());
    }

    @Test
    void misfitsAreEachNamedAndExitTwo() throws Exception {
        Map<String, HostTensor> tensors = smallStateDict();
        int parameters = tensors.size() - (int) tensors.keySet().stream()
                .filter(n -> n.endsWith(".num_batches_tracked")).count() - 2;
        tensors.remove("layer2.0.bn1.running_mean");
        tensors.put("layer2.0.conv1.weight", HostTensor.zeros(32, 16, 1, 1));
        tensors.put("layer9.0.conv1.weight", HostTensor.zeros(2));
        Path file = write("odd.pth", tensors);

        WsssCliTest.Outcome o = WsssCliTest.run("tool", "weights", "--backbone", "small", file.toString());

        assertEquals(Wsss.USER_ERROR, o.exitCode());
        assertTrue(o.out().contains((parameters - 2) + " of " + parameters + " small tensors match"), o.out());
        assertTrue(o.out().contains("missing: layer2.0.bn1.running_mean [32]"), o.out());
        assertTrue(o.out().contains("unexpected: layer9.0.conv1.weight [2]"), o.out());
        assertTrue(o.out().contains("wrong shape: layer2.0.conv1.weight: expected [32, 16, 3, 3], got [32, 16, 1, 1]"),
                o.out());
        assertTrue(o.err().strip().endsWith("wsss: error: " + file + " does not fit small: 1 missing, 1 unexpected, "
                + "1 with the wrong shape"), o.err());
    }

    @Test
    void theDefaultBackboneIsResnet50() throws Exception {
        Path file = write("small.pth", smallStateDict());

        WsssCliTest.Outcome o = WsssCliTest.run("tool", "weights", file.toString());

        assertEquals(Wsss.USER_ERROR, o.exitCode());
        assertTrue(o.out().contains(" of 265 resnet50 tensors match"), o.out());
        assertTrue(o.out().contains("missing: layer4.2.conv3.weight [2048, 512, 1, 1]"), o.out());
    }

    @Test
    void aFullResnet50FileAsTorchvisionSavesItFits() throws Exception {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = ResNetBackbone.builder().setKind(BackboneKind.RESNET50).build();
            backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NamedParameters.of(backbone).forEach((name, parameter) -> {
                tensors.put(name, HostTensor.zeros(parameter.getShape().getShape()));
                if (name.endsWith(".running_var")) {
                    tensors.put(name.replace(".running_var", ".num_batches_tracked"), HostTensor.zeros());
                }
            });
        }
        tensors.put("fc.weight", HostTensor.zeros(1000, 2048));
        tensors.put("fc.bias", HostTensor.zeros(1000));
        Path file = write("resnet50-0676ba61.pth", tensors);

        WsssCliTest.Outcome o = WsssCliTest.run("tool", "weights", "--backbone", "resnet50", file.toString());

        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("all 265 resnet50 tensors match; ignored fc.weight, fc.bias and 53 "
                + "*.num_batches_tracked"), o.out());
    }

    @Test
    void refusedUnreadableOrUnknownInputIsOneErrorLine() throws Exception {
        Path evil = Path.of(WeightsToolCommandTest.class.getResource("/reference/weights/evil-state-dict.pth").toURI());
        WsssCliTest.Outcome refused = WsssCliTest.run("tool", "weights", "--backbone", "small", evil.toString());
        assertEquals(Wsss.USER_ERROR, refused.exitCode());
        assertTrue(refused.err().startsWith("wsss: error: evil-state-dict.pth:evil-state-dict/data.pkl: the pickle "
                + "refers to os.system"), refused.err());
        assertFalse(refused.err().contains("\tat "), refused.err());
        assertFalse(Files.exists(Path.of("PWNED-by-weights")));

        WsssCliTest.Outcome missing = WsssCliTest.run("tool", "weights", dir.resolve("none.pth").toString());
        assertEquals(Wsss.USER_ERROR, missing.exitCode());
        assertTrue(missing.err().contains("none.pth not found"), missing.err());

        Path text = dir.resolve("weights.ckpt");
        Files.writeString(text, "not weights");
        WsssCliTest.Outcome unknown = WsssCliTest.run("tool", "weights", text.toString());
        assertEquals(Wsss.USER_ERROR, unknown.exitCode());
        assertTrue(unknown.err().contains("cannot tell the format of 'weights.ckpt'"), unknown.err());

        WsssCliTest.Outcome backbone = WsssCliTest.run("tool", "weights", "--backbone", "vgg16", text.toString());
        assertEquals(Wsss.USER_ERROR, backbone.exitCode());
        assertTrue(backbone.err().contains("unknown backbone 'vgg16'"), backbone.err());
    }
}
