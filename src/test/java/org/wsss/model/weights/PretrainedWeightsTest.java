package org.wsss.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.nn.TensorMismatchException;

/** ImageNet-style weight files with torchvision names, written by the test for the small backbone. */
class PretrainedWeightsTest {

    @TempDir
    Path directory;

    private static ResNetBackbone backbone(NDManager manager, BackboneKind kind) {
        ResNetBackbone backbone = ResNetBackbone.builder().setKind(kind).build();
        backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return backbone;
    }

    /** torchvision-style state dict for the small backbone: random values, plus the tensors a loader must skip. */
    private static Map<String, HostTensor> stateDict(ResNetBackbone backbone) {
        SplittableRandom random = new SplittableRandom(5L);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        NamedParameters.of(backbone).forEach((name, parameter) -> {
            long[] shape = parameter.getShape().getShape();
            float[] values = new float[(int) HostTensor.elementCount(shape)];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextDouble(0.5, 1.5);
            }
            tensors.put(name, new HostTensor(shape, values));
        });
        tensors.put("bn1.num_batches_tracked", new HostTensor(new long[0], new float[] {7f}));
        tensors.put("fc.weight", HostTensor.zeros(1000, 128));
        tensors.put("fc.bias", HostTensor.zeros(1000));
        return tensors;
    }

    private static void assertLoaded(ResNetBackbone backbone, Map<String, HostTensor> expected, float tolerance) {
        NamedParameters.of(backbone).forEach((name, parameter) -> {
            float[] actual = parameter.getArray().toFloatArray();
            float[] wanted = expected.get(name).values();
            for (int i = 0; i < wanted.length; i++) {
                assertEquals(wanted[i], actual[i], tolerance * Math.abs(wanted[i]), name);
            }
        });
    }

    @Test
    void safetensorsLoadsEveryParameterAndRunningStatisticIgnoringTheHead() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = backbone(manager, BackboneKind.SMALL);
            Map<String, HostTensor> tensors = stateDict(backbone);
            Path file = directory.resolve("resnet.safetensors");
            try (OutputStream out = Files.newOutputStream(file)) {
                SafetensorsFormat.write(tensors, Map.of("format", "pt"), out);
            }

            PretrainedWeights.LoadReport report = PretrainedWeights.load(backbone, file);

            assertLoaded(backbone, tensors, 0f);
            assertEquals(NamedParameters.of(backbone).size(), report.loaded());
            assertEquals(List.of("bn1.num_batches_tracked", "fc.weight", "fc.bias"), report.ignored());
        }
    }

    @Test
    void npzLoadsTheSameWay() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = backbone(manager, BackboneKind.SMALL);
            Map<String, HostTensor> tensors = stateDict(backbone);
            Path file = directory.resolve("resnet.npz");
            try (OutputStream out = Files.newOutputStream(file)) {
                NpzFormat.write(tensors, out);
            }
            PretrainedWeights.load(backbone, file);
            assertLoaded(backbone, tensors, 0f);
        }
    }

    @Test
    void halfPrecisionAndDataParallelPrefixesAreRead() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = backbone(manager, BackboneKind.SMALL);
            Map<String, HostTensor> tensors = stateDict(backbone);
            Map<String, HostTensor> prefixed = new LinkedHashMap<>();
            tensors.forEach((name, tensor) -> prefixed.put("module." + name, tensor));
            byte[] f16 = SafetensorsBytes.write(prefixed, TensorDataType.F16);
            byte[] bf16 = SafetensorsBytes.write(tensors, TensorDataType.BF16);

            PretrainedWeights.load(backbone, WeightFiles.read(f16, "half.safetensors"), "half");
            assertLoaded(backbone, tensors, 1e-3f);
            PretrainedWeights.load(backbone, WeightFiles.read(bf16, "brain.safetensors"), "brain");
            assertLoaded(backbone, tensors, 1e-2f);
        }
    }

    @Test
    void timmSafetensorsWithInt64StepCountersLoad() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = backbone(manager, BackboneKind.SMALL);
            Map<String, HostTensor> tensors = stateDict(backbone);
            tensors.remove("bn1.num_batches_tracked");
            List<String> counters = tensors.keySet().stream().filter(name -> name.endsWith(".running_mean"))
                    .map(name -> name.replace(".running_mean", ".num_batches_tracked")).sorted().toList();
            Path file = directory.resolve("model.safetensors");
            Files.write(file, SafetensorsBytes.timm(tensors, counters, 250_200L));

            PretrainedWeights.LoadReport report = PretrainedWeights.load(backbone, file);

            assertLoaded(backbone, tensors, 0f);
            assertEquals(NamedParameters.of(backbone).size(), report.loaded());
            assertEquals(counters.size() + 2, report.ignored().size());
            assertTrue(report.ignored().containsAll(counters), report.ignored().toString());
            HostTensor counter = WeightFiles.read(file).get(counters.get(0));
            assertEquals(new HostTensor(new long[0], new float[] {250_200f}), counter);
        }
    }

    @Test
    void torchvisionPthLoadsIntoTheBackbone() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = backbone(manager, BackboneKind.SMALL);
            Map<String, HostTensor> tensors = stateDict(backbone);
            TorchSaveFiles pth = new TorchSaveFiles("resnet50-0676ba61", ByteOrder.LITTLE_ENDIAN);
            tensors.forEach((name, tensor) -> {
                if (name.endsWith(".num_batches_tracked")) {
                    pth.addLong(name, 7L);
                } else if (name.equals("layer1.0.conv1.weight")) {
                    // Saved from a channels-last model: the same values, strided storage.
                    pth.addPermuted(name, tensor, new int[] {0, 2, 3, 1}, TensorDataType.F32, 0, 0);
                } else {
                    pth.add(name, tensor);
                }
            });
            Path file = directory.resolve("resnet50-0676ba61.pth");
            Files.write(file, pth.toZip());

            PretrainedWeights.LoadReport report = PretrainedWeights.load(backbone, file);

            assertLoaded(backbone, tensors, 0f);
            assertEquals(NamedParameters.of(backbone).size(), report.loaded());
            assertEquals(List.of("bn1.num_batches_tracked", "fc.weight", "fc.bias"), report.ignored());
        }
    }

    @Test
    void misfitsAreAllListedInOneErrorAndNothingIsWritten() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = backbone(manager, BackboneKind.SMALL);
            float[] before = NamedParameters.of(backbone).get("layer2.0.conv1.weight").getArray().toFloatArray();
            Map<String, HostTensor> tensors = stateDict(backbone);
            tensors.remove("layer1.0.conv2.weight");
            tensors.put("layer5.0.conv1.weight", HostTensor.zeros(2, 2));
            tensors.put("conv1.weight", HostTensor.zeros(16, 3, 3, 3));

            TensorMismatchException error = assertThrows(TensorMismatchException.class,
                    () -> PretrainedWeights.load(backbone, tensors, "broken.safetensors"));

            assertEquals(List.of("layer1.0.conv2.weight [16, 16, 3, 3]"), error.missing());
            assertEquals(List.of("layer5.0.conv1.weight [2, 2]"), error.unexpected());
            assertEquals(List.of("conv1.weight: expected [16, 3, 7, 7], got [16, 3, 3, 3]"), error.wrongShape());
            assertTrue(error.getMessage().startsWith("tensors from broken.safetensors do not fit"), error.getMessage());
            float[] after = NamedParameters.of(backbone).get("layer2.0.conv1.weight").getArray().toFloatArray();
            assertEquals(before[0], after[0]);
        }
    }

    @Test
    void resnet50ZeroFileLoads() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = backbone(manager, BackboneKind.RESNET50);
            Map<String, HostTensor> zeros = new LinkedHashMap<>();
            NamedParameters.of(backbone).forEach((name, parameter) ->
                    zeros.put(name, HostTensor.zeros(parameter.getShape().getShape())));
            zeros.put("fc.weight", HostTensor.zeros(1000, 2048));
            zeros.put("fc.bias", HostTensor.zeros(1000));
            byte[] file = SafetensorsBytes.write(zeros, TensorDataType.F16);

            PretrainedWeights.load(backbone, WeightFiles.read(file, "resnet50.safetensors"), "resnet50");

            Parameter last = NamedParameters.of(backbone).get("layer4.2.conv3.weight");
            assertEquals(0f, last.getArray().abs().sum().getFloat());
        }
    }

    @Test
    void malformedFilesAreRejectedWithTheirName() {
        byte[] truncated = {1, 0, 0};
        assertThrows(WeightFileException.class, () -> WeightFiles.read(truncated, "short.safetensors"));
        byte[] unknownType = SafetensorsBytes.raw("{\"x\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}",
                new byte[1]);
        WeightFileException error = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(unknownType, "odd.safetensors"));
        assertTrue(error.getMessage().contains("'x'") && error.getMessage().contains("F8_E4M3"), error.getMessage());
        byte[] overrun = SafetensorsBytes.raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                new byte[8]);
        assertThrows(WeightFileException.class, () -> WeightFiles.read(overrun, "overrun.safetensors"));
        assertThrows(WeightFileException.class, () -> WeightFiles.read(new byte[4], "weights.bin"));
    }

    @Test
    void halfPrecisionDecodesSpecialValues() {
        assertEquals(1f, TensorDataType.halfToFloat((short) 0x3C00));
        assertEquals(-2f, TensorDataType.halfToFloat((short) 0xC000));
        assertEquals(65504f, TensorDataType.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, TensorDataType.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, TensorDataType.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(TensorDataType.halfToFloat((short) 0x7E00)));
        assertEquals(0.33325195f, TensorDataType.halfToFloat((short) 0x3555));
    }

    @Test
    void npyHeadersOfOtherVersionsAndFloat64AreRead() {
        byte[] header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer npy = ByteBuffer.allocate(6 + 2 + 4 + header.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(header.length).put(header);
        npy.putDouble(1.5).putDouble(-0.25);
        HostTensor tensor = NpzFormat.readNpy(npy.array(), "v2.npy");
        assertEquals(new HostTensor(new long[] {2}, new float[] {1.5f, -0.25f}), tensor);

        byte[] fortran = "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bad = ByteBuffer.allocate(10 + fortran.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        bad.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) fortran.length).put(fortran);
        assertThrows(WeightFileException.class, () -> NpzFormat.readNpy(bad.array(), "fortran.npy"));
    }

    /** Writes safetensors in dtypes the production writer does not produce. */
    private static final class SafetensorsBytes {

        static byte[] write(Map<String, HostTensor> tensors, TensorDataType type) {
            StringBuilder header = new StringBuilder("{");
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            long offset = 0;
            for (Map.Entry<String, HostTensor> entry : tensors.entrySet()) {
                HostTensor tensor = entry.getValue();
                ByteBuffer bytes = ByteBuffer.allocate(tensor.values().length * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                for (float value : tensor.values()) {
                    if (type == TensorDataType.F16) {
                        bytes.putShort(toHalf(value));
                    } else {
                        bytes.putShort((short) (Float.floatToIntBits(value) >>> 16));
                    }
                }
                data.writeBytes(bytes.array());
                if (header.length() > 1) {
                    header.append(',');
                }
                header.append('"').append(entry.getKey()).append("\":{\"dtype\":\"").append(type.safetensorsName())
                        .append("\",\"shape\":").append(Arrays.toString(tensor.shape()))
                        .append(",\"data_offsets\":[").append(offset).append(',')
                        .append(offset + bytes.capacity()).append("]}");
                offset += bytes.capacity();
            }
            return raw(header.append('}').toString(), data.toByteArray());
        }

        /**
         * Writes what timm's {@code model.safetensors} holds, laid out as the Rust writer does: {@code __metadata__}
         * first, int64 tensors (here 0-d step counters) before float32 ones, names sorted within a type, and the
         * header padded with spaces so the data starts 8-byte aligned.
         */
        static byte[] timm(Map<String, HostTensor> floats, List<String> counters, long steps) {
            StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            long offset = 0;
            for (String name : counters) {
                data.writeBytes(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(steps).array());
                header.append(",\"").append(name).append("\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[")
                        .append(offset).append(',').append(offset + Long.BYTES).append("]}");
                offset += Long.BYTES;
            }
            for (String name : new java.util.TreeSet<>(floats.keySet())) {
                float[] values = floats.get(name).values();
                ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(values);
                data.writeBytes(bytes.array());
                header.append(",\"").append(name).append("\":{\"dtype\":\"F32\",\"shape\":")
                        .append(Arrays.toString(floats.get(name).shape()).replace(" ", ""))
                        .append(",\"data_offsets\":[").append(offset).append(',')
                        .append(offset + bytes.capacity()).append("]}");
                offset += bytes.capacity();
            }
            header.append('}');
            while (header.length() % 8 != 0) {
                header.append(' ');
            }
            return raw(header.toString(), data.toByteArray());
        }

        static byte[] raw(String header, byte[] data) {
            byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
            ByteBuffer file = ByteBuffer.allocate(8 + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            return file.putLong(headerBytes.length).put(headerBytes).put(data).array();
        }

        /** Round-to-nearest float to binary16 for normal-range values (enough for these tests). */
        private static short toHalf(float value) {
            if (value == 0f) {
                return 0;
            }
            int bits = Float.floatToIntBits(value);
            int sign = (bits >>> 16) & 0x8000;
            int exponent = ((bits >>> 23) & 0xFF) - 127 + 15;
            int mantissa = bits & 0x7FFFFF;
            int rounded = (mantissa + 0x1000) >>> 13;
            if (rounded == 0x400) {
                rounded = 0;
                exponent++;
            }
            return (short) (sign | (exponent << 10) | rounded);
        }
    }
}
