package org.wsss.model.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.weights.StateDictUnpickler.Global;
import org.wsss.model.weights.StateDictUnpickler.TensorView;

/**
 * PyTorch's {@code torch.save} format for state dicts ({@code .pth}, {@code .pt}, {@code .bin}): a zip archive with
 * {@code PREFIX/data.pkl}, a pickle of an {@code OrderedDict} of tensors, one {@code PREFIX/data/KEY} entry of raw
 * elements per storage, {@code PREFIX/version} and, from PyTorch 1.10 on, {@code PREFIX/byteorder}.
 *
 * <p>The pickle is read by {@link StateDictUnpickler}, which refuses anything but tensors and containers, so a
 * malicious file fails instead of running code. Each tensor names its storage through a persistent id
 * {@code ('storage', torch.FloatStorage, KEY, LOCATION, NUMEL)} and views it with an element offset, a size and
 * strides; views are gathered into row-major float32 whatever the storage's element type.
 */
public final class PyTorchFormat {

    /** A tensor as stored: its element type in the file and its values as float32. */
    public record StoredTensor(TensorDataType storedType, HostTensor tensor) {}

    /** The storage classes a state dict names, by the element type they hold. */
    private static final Map<Global, TensorDataType> STORAGE_TYPES = Map.of(
            torch("FloatStorage"), TensorDataType.F32,
            torch("DoubleStorage"), TensorDataType.F64,
            torch("HalfStorage"), TensorDataType.F16,
            torch("BFloat16Storage"), TensorDataType.BF16,
            torch("LongStorage"), TensorDataType.I64,
            torch("IntStorage"), TensorDataType.I32,
            torch("ShortStorage"), TensorDataType.I16,
            torch("CharStorage"), TensorDataType.I8,
            torch("ByteStorage"), TensorDataType.U8,
            torch("BoolStorage"), TensorDataType.BOOL);

    private static final String PICKLE_ENTRY = "/data.pkl";
    private static final String STORAGE_FOLDER = "/data/";
    private static final String BYTE_ORDER_ENTRY = "/byteorder";
    private static final String STORAGE_TAG = "storage";
    /** Keys under which training checkpoints nest the model's state dict. */
    private static final List<String> NESTED_STATE_DICT_KEYS = List.of("state_dict", "model");
    /** The start of a pre-1.6 file: a protocol 2 pickle of the 10-byte integer 0x1950a86a20f9469cfc6c. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c};
    private static final String TAR_MAGIC = "ustar";
    private static final int TAR_MAGIC_OFFSET = 257;

    private PyTorchFormat() {}

    /** A storage a tensor views: its entry key, element type and element count. */
    private record Storage(String key, TensorDataType type, long size) {}

    /**
     * Reads a {@code torch.save} state dict, converting every tensor to float32.
     *
     * @param source a name for error messages
     * @throws WeightFileException for a malformed or refused file, naming it
     */
    public static Map<String, HostTensor> read(ByteBuffer bytes, String source) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        readStored(bytes, source).forEach((name, stored) -> tensors.put(name, stored.tensor()));
        return tensors;
    }

    /** Reads a {@code torch.save} state dict, keeping each tensor's stored element type. */
    public static Map<String, StoredTensor> readStored(ByteBuffer bytes, String source) {
        if (!ZipEntries.isZip(bytes)) {
            throw new WeightFileException(startsLikeLegacyFile(bytes) || isTar(bytes)
                    ? source + " is in PyTorch's legacy (pre-1.6) format, which is not read; re-save it with a "
                            + "current PyTorch: torch.save(torch.load(OLD, weights_only=True), NEW)"
                    : source + " is not a PyTorch state dict (expected a zip archive written by torch.save)");
        }
        Map<String, ByteBuffer> entries = ZipEntries.read(bytes, source);
        String prefix = archivePrefix(entries.keySet(), source);
        ByteOrder order = byteOrder(entries.get(prefix + BYTE_ORDER_ENTRY), source);
        String pickleName = source + ":" + prefix + PICKLE_ENTRY;
        Object root = StateDictUnpickler.load(entries.get(prefix + PICKLE_ENTRY).duplicate(), pickleName,
                STORAGE_TYPES.keySet(), id -> storage(id, pickleName));
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        stateDict(root, pickleName).forEach((name, view) -> {
            if (!(view.storage() instanceof Storage storage)) {
                throw new WeightFileException(pickleName + ": tensor '" + name + "' is not built on a storage");
            }
            ByteBuffer data = entries.get(prefix + STORAGE_FOLDER + storage.key());
            if (data == null) {
                throw new WeightFileException(source + ": tensor '" + name + "' uses storage " + storage.key()
                        + ", but the archive has no " + prefix + STORAGE_FOLDER + storage.key());
            }
            HostTensor tensor = gather(view, storage, data.duplicate().order(order), source + ": tensor '" + name + "'");
            tensors.put(name, new StoredTensor(storage.type(), tensor));
        });
        return tensors;
    }

    /** The oldest files (e.g. torchvision's first resnet50-19c8e357.pth) are tar archives. */
    private static boolean isTar(ByteBuffer bytes) {
        byte[] magic = TAR_MAGIC.getBytes(StandardCharsets.US_ASCII);
        if (bytes.remaining() < TAR_MAGIC_OFFSET + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes.get(bytes.position() + TAR_MAGIC_OFFSET + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsLikeLegacyFile(ByteBuffer bytes) {
        if (bytes.remaining() < LEGACY_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < LEGACY_MAGIC.length; i++) {
            if (bytes.get(bytes.position() + i) != LEGACY_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The folder all entries share; torch.save names it after the file ({@code archive} from PyTorch 2.1 on). */
    private static String archivePrefix(Set<String> names, String source) {
        List<String> pickles = names.stream().filter(name -> name.endsWith(PICKLE_ENTRY)).toList();
        if (pickles.size() != 1) {
            throw new WeightFileException(source + " is a zip archive but not one torch.save wrote: expected one "
                    + "FOLDER" + PICKLE_ENTRY + " entry, found " + (pickles.isEmpty() ? "none" : pickles));
        }
        return pickles.get(0).substring(0, pickles.get(0).length() - PICKLE_ENTRY.length());
    }

    private static ByteOrder byteOrder(ByteBuffer entry, String source) {
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN; // written before PyTorch 1.10, always little-endian in practice
        }
        byte[] text = new byte[entry.remaining()];
        entry.duplicate().get(text);
        String order = new String(text, StandardCharsets.US_ASCII).trim();
        return switch (order) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new WeightFileException(source + " declares the unknown byte order '" + order + "'");
        };
    }

    /** Resolves {@code ('storage', StorageType, key, location, numel)}. */
    private static Storage storage(List<Object> id, String source) {
        if (id.size() < 5 || !STORAGE_TAG.equals(id.get(0)) || !(id.get(1) instanceof Global type)
                || !(id.get(2) instanceof String key) || !(id.get(4) instanceof Long size) || size < 0) {
            List<String> items = id.stream().map(item -> item instanceof String || item instanceof Long
                    || item instanceof Global ? String.valueOf(item) : StateDictUnpickler.describeValue(item)).toList();
            throw new WeightFileException(source + ": unexpected persistent id " + items
                    + "; expected ('storage', StorageType, key, location, numel)");
        }
        return new Storage(key, STORAGE_TYPES.get(type), size);
    }

    /** The name-to-tensor map, also from a checkpoint that nests it under {@code state_dict} or {@code model}. */
    private static Map<String, TensorView> stateDict(Object root, String source) {
        Map<?, ?> dict = dict(root, source);
        boolean holdsTensors = dict.values().stream().anyMatch(TensorView.class::isInstance);
        Optional<String> nested = NESTED_STATE_DICT_KEYS.stream()
                .filter(key -> dict.get(key) instanceof Map<?, ?>).findFirst();
        if (!holdsTensors && nested.isPresent()) {
            // One level only: a pickle can make a dict that holds itself.
            return tensors(dict(dict.get(nested.get()), source), source + "['" + nested.get() + "']");
        }
        return tensors(dict, source);
    }

    private static Map<?, ?> dict(Object value, String source) {
        if (value instanceof Map<?, ?> dict) {
            return dict;
        }
        throw new WeightFileException(source + " holds " + StateDictUnpickler.describeValue(value)
                + ", not a state dict");
    }

    private static Map<String, TensorView> tensors(Map<?, ?> dict, String source) {
        List<String> others = dict.entrySet().stream()
                .filter(entry -> !(entry.getKey() instanceof String && entry.getValue() instanceof TensorView))
                .map(entry -> entry.getKey() + " (" + StateDictUnpickler.describeValue(entry.getValue()) + ")")
                .collect(Collectors.toList());
        if (!others.isEmpty()) {
            throw new WeightFileException(source + " is not a state dict of tensors; other entries: "
                    + String.join(", ", others.subList(0, Math.min(5, others.size())))
                    + (others.size() > 5 ? ", ..." : ""));
        }
        Map<String, TensorView> tensors = new LinkedHashMap<>();
        dict.forEach((name, view) -> tensors.put((String) name, (TensorView) view));
        return tensors;
    }

    /** Copies a strided view of a storage into row-major floats, checking it stays inside the storage. */
    private static HostTensor gather(TensorView view, Storage storage, ByteBuffer data, String what) {
        long[] shape = view.shape();
        long[] strides = view.strides();
        int elementBytes = storage.type().bytes();
        if (storage.size() > data.remaining() / elementBytes) {
            throw new WeightFileException(what + ": storage " + storage.key() + " declares " + storage.size()
                    + " elements of " + storage.type() + " but holds " + data.remaining() + " bytes");
        }
        long count;
        long last = view.offset();
        try {
            count = HostTensor.elementCount(shape);
            for (int d = 0; d < shape.length; d++) {
                last = Math.addExact(last, shape[d] == 0 ? 0 : Math.multiplyExact(shape[d] - 1, strides[d]));
            }
        } catch (ArithmeticException e) {
            throw new WeightFileException(what + ": size " + Arrays.toString(shape) + " with strides "
                    + Arrays.toString(strides) + " overflows", e);
        }
        if (count > 0 && (view.offset() < 0 || last >= storage.size())) {
            throw new WeightFileException(what + ": size " + Arrays.toString(shape) + ", strides "
                    + Arrays.toString(strides) + " and offset " + view.offset() + " reach past its storage of "
                    + storage.size() + " elements");
        }
        if (count > storage.size()) {
            // Only a broadcast or overlapping view shows more elements than its storage holds; weight files never
            // hold one, and materialising it could take any amount of memory.
            throw new WeightFileException(what + ": size " + Arrays.toString(shape) + " needs more elements than its "
                    + "storage of " + storage.size() + " holds (a broadcast view); save a contiguous copy");
        }
        int start = data.position();
        if (isRowMajor(shape, strides)) {
            data.position(start + Math.toIntExact(view.offset() * elementBytes));
            return new HostTensor(shape.clone(), storage.type().decode(data, (int) count));
        }
        float[] values = new float[(int) count];
        long[] index = new long[shape.length];
        long element = view.offset();
        for (int i = 0; i < values.length; i++) {
            values[i] = storage.type().element(data, start + Math.toIntExact(element * elementBytes));
            // Advance the multi-index like an odometer, keeping the storage position in step.
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d]++;
                element += strides[d];
                if (index[d] < shape[d]) {
                    break;
                }
                element -= index[d] * strides[d];
                index[d] = 0;
            }
        }
        return new HostTensor(shape.clone(), values);
    }

    private static boolean isRowMajor(long[] shape, long[] strides) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    private static Global torch(String storageClass) {
        return new Global("torch", storageClass);
    }
}
