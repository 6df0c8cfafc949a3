package org.wsss.model.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.wsss.model.nn.HostTensor;

/**
 * Writes state dicts the way {@code torch.save} does (protocol 2 pickle, one storage entry per tensor, zip), byte
 * by byte, so the reader is tested on the format itself rather than on its own output.
 */
public final class TorchSaveFiles {

    private final String prefix;
    private final ByteOrder order;
    private final String checkpointKey;
    private final Pickle pickle = new Pickle();
    private final Map<String, byte[]> storages = new LinkedHashMap<>();

    /** Starts a file whose entries sit under {@code prefix/}. */
    public TorchSaveFiles(String prefix, ByteOrder order) {
        this(prefix, order, null);
    }

    /**
     * Starts a file that, when {@code checkpointKey} is not null, holds a training checkpoint
     * {@code {'epoch': 90, checkpointKey: state_dict}} rather than the bare state dict.
     */
    public TorchSaveFiles(String prefix, ByteOrder order, String checkpointKey) {
        this.prefix = prefix;
        this.order = order;
        this.checkpointKey = checkpointKey;
        pickle.op(0x80).op(2); // PROTO 2
        if (checkpointKey != null) {
            pickle.op('}').put().text("epoch").put().integer(90).op('s').text(checkpointKey).put();
        }
        pickle.global("collections", "OrderedDict").op(')').op('R').put(); // OrderedDict()
        pickle.op('('); // MARK: the items follow, closed by SETITEMS
    }

    /** Writes a state dict of float32 tensors, each with its own contiguous storage. */
    public static byte[] of(Map<String, HostTensor> tensors) {
        TorchSaveFiles file = new TorchSaveFiles("archive", ByteOrder.LITTLE_ENDIAN);
        tensors.forEach((name, tensor) -> {
            if (name.endsWith(".num_batches_tracked")) {
                file.addLong(name, (long) tensor.values()[0]);
            } else {
                file.add(name, tensor);
            }
        });
        return file.toZip();
    }

    /** A float32 tensor in its own contiguous storage. */
    public TorchSaveFiles add(String name, HostTensor tensor) {
        return tensor(name, TensorDataType.F32, storage(float32(tensor)), tensor.values().length, 0, tensor.shape(),
                rowMajorStrides(tensor.shape()), false);
    }

    /** A 0-d int64 tensor, like batch norm's {@code num_batches_tracked}. */
    public TorchSaveFiles addLong(String name, long value) {
        ByteBuffer data = ByteBuffer.allocate(Long.BYTES).order(order).putLong(value);
        return tensor(name, TensorDataType.I64, storage(data.array()), 1, 0, new long[0], new long[0], false);
    }

    /**
     * A tensor whose storage holds its dimensions in {@code storageOrder} (outermost first), e.g. {0, 2, 3, 1} for
     * channels-last, so its strides are not row-major; {@code lead} and {@code tail} elements of padding surround
     * it in the storage, so the tensor starts at a storage offset.
     */
    public TorchSaveFiles addPermuted(String name, HostTensor tensor, int[] storageOrder, TensorDataType type,
            int lead, int tail) {
        long[] shape = tensor.shape();
        int rank = shape.length;
        long[] storedShape = new long[rank];
        for (int i = 0; i < rank; i++) {
            storedShape[i] = shape[storageOrder[i]];
        }
        long[] storedStrides = rowMajorStrides(storedShape);
        long[] strides = new long[rank];
        for (int i = 0; i < rank; i++) {
            strides[storageOrder[i]] = storedStrides[i];
        }
        int count = tensor.values().length;
        ByteBuffer data = ByteBuffer.allocate((lead + count + tail) * type.bytes()).order(order);
        long[] rowMajor = rowMajorStrides(shape);
        for (int flat = 0; flat < count; flat++) {
            long at = lead;
            for (int d = 0; d < rank; d++) {
                at += (flat / rowMajor[d]) % shape[d] * strides[d];
            }
            putElement(data, (int) at * type.bytes(), type, tensor.values()[flat]);
        }
        return tensor(name, type, storage(data.array()), lead + count + tail, lead, shape, strides, false);
    }

    /** Like {@link #add}, but pickled as an {@code nn.Parameter} through {@code _rebuild_parameter}. */
    public TorchSaveFiles addParameter(String name, HostTensor tensor) {
        return tensor(name, TensorDataType.F32, storage(float32(tensor)), tensor.values().length, 0, tensor.shape(),
                rowMajorStrides(tensor.shape()), true);
    }

    private byte[] float32(HostTensor tensor) {
        ByteBuffer data = ByteBuffer.allocate(tensor.values().length * Float.BYTES).order(order);
        data.asFloatBuffer().put(tensor.values());
        return data.array();
    }

    /** The zip archive: data.pkl, byteorder, one data/KEY per storage, version. */
    public byte[] toZip() {
        pickle.op('u'); // SETITEMS
        // The dict's _metadata attribute, as nn.Module.state_dict sets it: {'': {'version': 1}}, plus a float.
        pickle.op('}').text("_metadata").global("collections", "OrderedDict").op(')').op('R');
        pickle.op('(').text("").op('}').text("version").integer(1).op('s')
                .text("momentum").op('G').raw(ByteBuffer.allocate(8).putDouble(0.1).array()).op('s')
                .op('u').op('s');
        pickle.op('b'); // BUILD
        if (checkpointKey != null) {
            pickle.op('s');
        }
        pickle.op('.'); // STOP
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            store(zip, prefix + "/data.pkl", pickle.bytes());
            store(zip, prefix + "/byteorder",
                    (order == ByteOrder.LITTLE_ENDIAN ? "little" : "big").getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> storage : storages.entrySet()) {
                store(zip, prefix + "/data/" + storage.getKey(), storage.getValue());
            }
            store(zip, prefix + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip holding only {@code PREFIX/data.pkl} with the given pickle bytes. */
    public static byte[] zipWithPickle(String prefix, byte[] pickleBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            store(zip, prefix + "/data.pkl", pickleBytes);
            store(zip, prefix + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private String storage(byte[] data) {
        String key = Integer.toString(storages.size());
        storages.put(key, data);
        return key;
    }

    /** {@code name: _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
    private TorchSaveFiles tensor(String name, TensorDataType type, String key, long numel, long offset,
            long[] shape, long[] strides, boolean parameter) {
        pickle.text(name).put(); // pickle memoises every string; a ResNet-50 needs LONG_BINPUT
        if (parameter) {
            pickle.global("torch._utils", "_rebuild_parameter").op('(');
        }
        pickle.global("torch._utils", "_rebuild_tensor_v2").op('(');
        pickle.op('(').text("storage").global("torch", storageClass(type)).text(key).text("cpu").integer(numel)
                .op('t').op('Q'); // the persistent id tuple, BINPERSID
        pickle.integer(offset).tuple(shape).tuple(strides).op(0x89); // NEWFALSE: requires_grad
        pickle.global("collections", "OrderedDict").op(')').op('R'); // backward hooks
        pickle.op('t').op('R');
        if (parameter) {
            pickle.op(0x88).global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
        }
        return this;
    }

    private static String storageClass(TensorDataType type) {
        return switch (type) {
            case F32 -> "FloatStorage";
            case F16 -> "HalfStorage";
            case BF16 -> "BFloat16Storage";
            case F64 -> "DoubleStorage";
            case I64 -> "LongStorage";
            case I32 -> "IntStorage";
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static void putElement(ByteBuffer data, int at, TensorDataType type, float value) {
        switch (type) {
            case F32 -> data.putFloat(at, value);
            case F64 -> data.putDouble(at, value);
            case F16 -> data.putShort(at, toHalf(value));
            case BF16 -> data.putShort(at, (short) (Float.floatToIntBits(value) >>> 16));
            case I64 -> data.putLong(at, (long) value);
            case I32 -> data.putInt(at, (int) value);
            default -> throw new IllegalArgumentException(type.toString());
        }
    }

    /** Float to binary16 by truncation, exact for the values tests store (few mantissa bits, normal range). */
    static short toHalf(float value) {
        if (value == 0f) {
            return 0;
        }
        int bits = Float.floatToIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xFF) - 127 + 15;
        if (exponent <= 0 || exponent >= 0x1F || (bits & 0x1FFF) != 0) {
            throw new IllegalArgumentException(value + " is not exactly a normal float16");
        }
        return (short) (sign | exponent << 10 | (bits & 0x7FFFFF) >>> 13);
    }

    private static long[] rowMajorStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }

    private static void store(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** Pickle opcodes as bytes; globals are memoised (BINPUT) on first use and recalled (BINGET) after, as pickle does. */
    public static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<String, Integer> memo = new HashMap<>();
        private int nextMemo;

        public Pickle op(int opcode) {
            out.write(opcode);
            return this;
        }

        public Pickle raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        /** Memoises the top of the stack in the next slot: BINPUT, or LONG_BINPUT from slot 256 on. */
        public Pickle put() {
            int slot = nextMemo++;
            return slot < 0x100 ? op('q').op(slot) : op('r').raw(littleEndian(slot));
        }

        private static byte[] littleEndian(int value) {
            return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
        }

        /** GLOBAL 'module\nname\n', or BINGET if already memoised. */
        public Pickle global(String module, String name) {
            String key = module + "." + name;
            Integer slot = memo.get(key);
            if (slot != null) {
                return slot < 0x100 ? op('h').op(slot) : op('j').raw(littleEndian(slot));
            }
            raw(("c" + module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            memo.put(key, nextMemo);
            return put();
        }

        /** BINUNICODE. */
        public Pickle text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            op('X').raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            return raw(utf8);
        }

        /** BININT1, BININT2, BININT or LONG1, whichever is shortest, as pickle chooses. */
        public Pickle integer(long value) {
            if (value >= 0 && value < 0x100) {
                return op('K').op((int) value);
            }
            if (value >= 0 && value < 0x10000) {
                return op('M').raw(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
            }
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                return op('J').raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
            }
            return op(0x8a).op(8).raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }

        /** A tuple of integers: EMPTY_TUPLE, TUPLE1..3, or MARK ... TUPLE. */
        public Pickle tuple(long[] values) {
            if (values.length == 0) {
                return op(')');
            }
            if (values.length > 3) {
                op('(');
            }
            for (long value : values) {
                integer(value);
            }
            return op(values.length > 3 ? 't' : 0x84 + values.length);
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }
}
