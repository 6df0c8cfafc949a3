package org.wsss.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.weights.PyTorchFormat.StoredTensor;

/** torch.save state dicts: the reference file written by PyTorch, files written here opcode by opcode, and attacks. */
class PyTorchFormatTest {

    @TempDir
    Path directory;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PyTorchFormatTest.class.getResource("/reference/weights/" + name).toURI());
    }

    private static Map<String, StoredTensor> readStored(byte[] file, String name) {
        return PyTorchFormat.readStored(ByteBuffer.wrap(file), name);
    }

    @Test
    void referenceFileGivesEveryTensorsTypeShapeAndValues() throws Exception {
        Map<String, StoredTensor> tensors = readStored(Files.readAllBytes(resource("tiny-state-dict.pth")),
                "tiny-state-dict.pth");
        JsonObject expected = JsonParser.parseString(
                Files.readString(resource("tiny-state-dict.expected.json"))).getAsJsonObject();

        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(tensors.keySet()));
        Map<String, TensorDataType> types = Map.of(
                "float32", TensorDataType.F32, "float16", TensorDataType.F16, "int64", TensorDataType.I64);
        for (Map.Entry<String, JsonElement> entry : expected.entrySet()) {
            String name = entry.getKey();
            JsonObject fields = entry.getValue().getAsJsonObject();
            StoredTensor actual = tensors.get(name);
            assertEquals(types.get(fields.get("dtype").getAsString()), actual.storedType(), name);
            JsonArray shape = fields.getAsJsonArray("shape");
            long[] wantedShape = new long[shape.size()];
            for (int i = 0; i < wantedShape.length; i++) {
                wantedShape[i] = shape.get(i).getAsLong();
            }
            assertArrayEquals(wantedShape, actual.tensor().shape(), name);
            JsonArray values = fields.getAsJsonArray("values");
            float[] wanted = new float[values.size()];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = values.get(i).getAsFloat();
            }
            assertArrayEquals(wanted, actual.tensor().values(), name);
        }
    }

    @Test
    void referenceEvilFileIsRefusedAndRunsNothing() throws Exception {
        // Its pickle is GLOBAL 'os system', the string 'touch PWNED-by-weights', TUPLE, REDUCE.
        Path pwned = Path.of("PWNED-by-weights").toAbsolutePath();
        assertFalse(Files.exists(pwned));

        WeightFileException error = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(resource("evil-state-dict.pth")));

        assertTrue(error.getMessage().contains("evil-state-dict.pth") && error.getMessage().contains("os.system")
                && error.getMessage().contains("refused"), error.getMessage());
        assertFalse(Files.exists(pwned));
    }

    @Test
    void writtenStateDictGivesBackEveryLayoutAndType() {
        HostTensor conv = ramp(4, 3, 2, 2);
        HostTensor channelsLast = ramp(2, 3, 2, 2);
        HostTensor halfTransposed = new HostTensor(new long[] {2, 3}, new float[] {0.5f, -1.25f, 3f, 0f, 2.5f, -0.75f});
        HostTensor brain = new HostTensor(new long[] {3}, new float[] {1f, -2f, 0.375f});
        HostTensor parameter = ramp(5);
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            byte[] file = new TorchSaveFiles("resnet50-11ad3fa6", order)
                    .add("conv1.weight", conv)
                    .addLong("bn1.num_batches_tracked", 123_456L)
                    .addPermuted("layer1.0.conv1.weight", channelsLast, new int[] {0, 2, 3, 1}, TensorDataType.F32, 3, 2)
                    .addPermuted("fc.weight", halfTransposed, new int[] {1, 0}, TensorDataType.F16, 0, 0)
                    .addPermuted("fc.bias", brain, new int[] {0}, TensorDataType.BF16, 1, 0)
                    .addParameter("bn1.weight", parameter)
                    .toZip();

            Map<String, StoredTensor> tensors = readStored(file, "written-" + order + ".pth");

            assertEquals(List.of("conv1.weight", "bn1.num_batches_tracked", "layer1.0.conv1.weight", "fc.weight",
                    "fc.bias", "bn1.weight"), new ArrayList<>(tensors.keySet()));
            assertEquals(conv, tensors.get("conv1.weight").tensor());
            assertEquals(new HostTensor(new long[0], new float[] {123_456f}),
                    tensors.get("bn1.num_batches_tracked").tensor());
            assertEquals(TensorDataType.I64, tensors.get("bn1.num_batches_tracked").storedType());
            assertEquals(channelsLast, tensors.get("layer1.0.conv1.weight").tensor());
            assertEquals(halfTransposed, tensors.get("fc.weight").tensor());
            assertEquals(TensorDataType.F16, tensors.get("fc.weight").storedType());
            assertEquals(brain, tensors.get("fc.bias").tensor());
            assertEquals(TensorDataType.BF16, tensors.get("fc.bias").storedType());
            assertEquals(parameter, tensors.get("bn1.weight").tensor());
        }
    }

    @Test
    void aTrainingCheckpointGivesTheStateDictItHolds() {
        HostTensor conv = ramp(2, 3, 1, 1);
        for (String key : List.of("state_dict", "model")) {
            byte[] file = new TorchSaveFiles("checkpoint", ByteOrder.LITTLE_ENDIAN, key)
                    .add("conv1.weight", conv).addLong("bn1.num_batches_tracked", 5).toZip();
            Map<String, HostTensor> tensors = PyTorchFormat.read(ByteBuffer.wrap(file), "checkpoint.pth");
            assertEquals(List.of("conv1.weight", "bn1.num_batches_tracked"), new ArrayList<>(tensors.keySet()));
            assertEquals(conv, tensors.get("conv1.weight"));
        }
        byte[] other = new TorchSaveFiles("checkpoint", ByteOrder.LITTLE_ENDIAN, "weights")
                .add("conv1.weight", conv).toZip();
        WeightFileException error = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(other, "checkpoint.pth"));
        assertTrue(error.getMessage().contains("is not a state dict of tensors; other entries: epoch (an int), "
                + "weights (a dict)"), error.getMessage());
    }

    @Test
    void callingOsSystemIsRefusedAndRunsNothing() {
        Path pwned = directory.resolve("pwned");
        TorchSaveFiles.Pickle pickle = new TorchSaveFiles.Pickle().op(0x80).op(2)
                .global("os", "system").text("touch " + pwned).op(0x85).op('R').op('.');
        byte[] file = TorchSaveFiles.zipWithPickle("archive", pickle.bytes());

        WeightFileException error = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(file, "evil.pth"));

        assertEquals("evil.pth:archive/data.pkl: the pickle refers to os.system, which a state dict never needs; "
                + "refused without running anything (a weight file must not run code)", error.getMessage());
        assertFalse(Files.exists(pwned));
    }

    @Test
    void everyOtherWayToRunCodeIsRefusedNamingIt() {
        Map<String, TorchSaveFiles.Pickle> attacks = Map.of(
                "builtins.eval", new TorchSaveFiles.Pickle().op(0x80).op(4)
                        .op(0x8c).op(8).raw(ascii("builtins")).op(0x8c).op(4).raw(ascii("eval")).op(0x93)
                        .text("1").op(0x85).op('R').op('.'),
                "calls torch.FloatStorage", new TorchSaveFiles.Pickle().op(0x80).op(2)
                        .global("torch", "FloatStorage").op(')').op('R').op('.'),
                "INST", new TorchSaveFiles.Pickle().op('(').raw(ascii("ios\nsystem\n")).op('.'),
                "NEWOBJ", new TorchSaveFiles.Pickle().op(0x80).op(2)
                        .global("collections", "OrderedDict").op(')').op(0x81).op('.'),
                "BUILD sets the state of a list", new TorchSaveFiles.Pickle().op(0x80).op(2)
                        .op(']').op('}').op('b').op('.'),
                "calls a str", new TorchSaveFiles.Pickle().op(0x80).op(2).text("os.system").op(')').op('R').op('.'),
                // A list holding itself, then used as a dict key: it would hash forever.
                "a list as a key", new TorchSaveFiles.Pickle().op(0x80).op(2).op('}').op(']').put().op('h').op(0)
                        .op('a').op(')').op('s').op('.'));
        attacks.forEach((offender, pickle) -> {
            byte[] file = TorchSaveFiles.zipWithPickle("archive", pickle.bytes());
            WeightFileException error = assertThrows(WeightFileException.class,
                    () -> WeightFiles.read(file, "attack.pt"), offender);
            assertTrue(error.getMessage().startsWith("attack.pt:archive/data.pkl: ")
                    && error.getMessage().contains(offender) && error.getMessage().contains("refused"),
                    error.getMessage());
        });
    }

    @Test
    void legacyAndForeignFilesAreRefusedWithAClearMessage() {
        byte[] legacy = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9,
                0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'};
        WeightFileException old = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(legacy, "resnet50-19c8e357.pth"));
        assertTrue(old.getMessage().startsWith("resnet50-19c8e357.pth is in PyTorch's legacy")
                && old.getMessage().contains("re-save it with a current PyTorch"), old.getMessage());

        byte[] tar = new byte[1024];
        System.arraycopy(ascii("ustar"), 0, tar, 257, 5);
        WeightFileException oldest = assertThrows(WeightFileException.class, () -> WeightFiles.read(tar, "r.pth"));
        assertTrue(oldest.getMessage().contains("re-save it with a current PyTorch"), oldest.getMessage());

        WeightFileException foreign = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(ascii("hello, world"), "notes.pt"));
        assertTrue(foreign.getMessage().startsWith("notes.pt is not a PyTorch state dict"), foreign.getMessage());
    }

    @Test
    void damagedFilesAreRefusedNamingTheProblem() {
        byte[] file = new TorchSaveFiles("archive", ByteOrder.LITTLE_ENDIAN).add("conv1.weight", ramp(2, 2)).toZip();
        byte[] truncated = Arrays.copyOf(file, file.length - 30);
        assertThrows(WeightFileException.class, () -> WeightFiles.read(truncated, "cut.pth"));

        TorchSaveFiles.Pickle overrun = new TorchSaveFiles.Pickle().op(0x80).op(2).op('}').text("w")
                .global("torch._utils", "_rebuild_tensor_v2").op('(')
                .op('(').text("storage").global("torch", "FloatStorage").text("0").text("cpu").integer(4).op('t')
                .op('Q').integer(2).tuple(new long[] {3}).tuple(new long[] {1}).op(0x89).op(')').op('t').op('R')
                .op('s').op('.');
        byte[] storageless = TorchSaveFiles.zipWithPickle("archive", overrun.bytes());
        WeightFileException missing = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(storageless, "overrun.pth"));
        assertTrue(missing.getMessage().contains("tensor 'w'") && missing.getMessage().contains("archive/data/0"),
                missing.getMessage());

        // {'state_dict': itself}: unwrapped once, then it is not a state dict.
        TorchSaveFiles.Pickle selfNested = new TorchSaveFiles.Pickle().op(0x80).op(2).op('}').put()
                .text("state_dict").op('h').op(0).op('s').op('.');
        WeightFileException nested = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(TorchSaveFiles.zipWithPickle("a", selfNested.bytes()), "nest.pth"));
        assertTrue(nested.getMessage().contains("['state_dict'] is not a state dict of tensors"), nested.getMessage());

        TorchSaveFiles.Pickle notADict = new TorchSaveFiles.Pickle().op(0x80).op(2).op(']').op('.');
        WeightFileException list = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(TorchSaveFiles.zipWithPickle("a", notADict.bytes()), "list.pth"));
        assertTrue(list.getMessage().contains("not a state dict"), list.getMessage());
    }

    @Test
    void aViewReachingPastItsStorageIsRefused() throws IOException {
        byte[] file = new TorchSaveFiles("archive", ByteOrder.LITTLE_ENDIAN)
                .addPermuted("w", ramp(2, 3), new int[] {1, 0}, TensorDataType.F32, 0, 0).toZip();
        // Shrink the storage's declared size from 6 to 5 elements: the transposed view's last element is then outside.
        byte[] damaged = replaceOnce(file, new byte[] {'X', 3, 0, 0, 0, 'c', 'p', 'u', 'K', 6},
                new byte[] {'X', 3, 0, 0, 0, 'c', 'p', 'u', 'K', 5});
        Path path = directory.resolve("short-storage.pth");
        Files.write(path, damaged);
        WeightFileException error = assertThrows(WeightFileException.class, () -> WeightFiles.read(path));
        assertTrue(error.getMessage().contains("reach past its storage of 5 elements"), error.getMessage());
    }

    @Test
    void aBroadcastViewIsRefusedRatherThanMaterialised() {
        TorchSaveFiles.Pickle broadcast = new TorchSaveFiles.Pickle().op(0x80).op(2).op('}').text("w")
                .global("torch._utils", "_rebuild_tensor_v2").op('(')
                .op('(').text("storage").global("torch", "FloatStorage").text("0").text("cpu").integer(1).op('t')
                .op('Q').integer(0).tuple(new long[] {1L << 20, 1L << 20}).tuple(new long[] {0, 0}).op(0x89).op(')')
                .op('t').op('R').op('s').op('.');
        byte[] zip = TorchSaveFiles.zipWithPickle("archive", broadcast.bytes());
        // Give it its one-element storage so only the view itself is wrong.
        byte[] file = withEntry(zip, "archive/data/0", new byte[4]);
        WeightFileException error = assertThrows(WeightFileException.class,
                () -> WeightFiles.read(file, "broadcast.pth"));
        assertTrue(error.getMessage().contains("broadcast view"), error.getMessage());
    }

    private static HostTensor ramp(long... shape) {
        float[] values = new float[(int) HostTensor.elementCount(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 1f;
        }
        return new HostTensor(shape, values);
    }

    /** Copies a zip, adding one stored entry. */
    private static byte[] withEntry(byte[] zip, String name, byte[] data) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                out.write(in.readAllBytes());
            }
            out.putNextEntry(new java.util.zip.ZipEntry(name));
            out.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] replaceOnce(byte[] haystack, byte[] needle, byte[] replacement) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                byte[] copy = haystack.clone();
                System.arraycopy(replacement, 0, copy, i, replacement.length);
                return copy;
            }
        }
        throw new AssertionError("pattern not found");
    }
}
