package org.wsss.model.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.wsss.model.nn.HostTensor;

/**
 * NumPy's {@code .npz}: a zip of {@code NAME.npy} entries. Each {@code .npy} is the magic {@code \x93NUMPY}, a
 * version, a little-endian header length (2 bytes in version 1, 4 in versions 2 and 3), and a Python dict literal
 * with {@code descr}, {@code fortran_order} and {@code shape}, followed by the raw data. Little-endian (or
 * single-byte) C-ordered arrays of the {@link TensorDataType}s are read.
 */
public final class NpzFormat {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final String NPY_SUFFIX = ".npy";
    private static final int VERSION_ONE = 1;
    private static final int NPY_ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z]\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpzFormat() {}

    /**
     * Reads every {@code .npy} entry of an npz stream; entry {@code a.b.npy} becomes tensor {@code a.b}.
     *
     * @param source a name for error messages
     */
    public static Map<String, HostTensor> read(InputStream npz, String source) throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(npz)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.isDirectory() || !entry.getName().endsWith(NPY_SUFFIX)) {
                    continue;
                }
                String name = entry.getName().substring(0, entry.getName().length() - NPY_SUFFIX.length());
                tensors.put(name, readNpy(zip.readAllBytes(), source + ":" + entry.getName()));
            }
        }
        if (tensors.isEmpty()) {
            throw new WeightFileException(source + " holds no .npy arrays (is it an npz file?)");
        }
        return tensors;
    }

    /** Parses one {@code .npy} array. */
    public static HostTensor readNpy(byte[] npy, String source) {
        ByteBuffer buffer = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        for (byte expected : MAGIC) {
            if (!buffer.hasRemaining() || buffer.get() != expected) {
                throw new WeightFileException(source + " is not a .npy array (bad magic)");
            }
        }
        int major = buffer.get() & 0xFF;
        buffer.get();
        int headerLength = major == VERSION_ONE ? buffer.getShort() & 0xFFFF : buffer.getInt();
        if (headerLength < 0 || headerLength > buffer.remaining()) {
            throw new WeightFileException(source + " declares a header longer than the array");
        }
        byte[] headerBytes = new byte[headerLength];
        buffer.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.UTF_8);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new WeightFileException(source + " has an unreadable header: " + header.trim());
        }
        String byteOrder = descr.group(1);
        String kind = descr.group(2);
        TensorDataType type = TensorDataType.fromNumpy(kind).orElseThrow(() ->
                new WeightFileException(source + " has unsupported dtype " + byteOrder + kind));
        if (byteOrder.equals(">") && type.bytes() > 1) {
            throw new WeightFileException(source + " is big-endian; only little-endian arrays are read");
        }
        if (fortran.group(1).equals("True")) {
            throw new WeightFileException(source + " is Fortran-ordered; save it C-ordered (np.ascontiguousarray)");
        }
        long[] shape = parseShape(shapeText.group(1), source);
        long count = HostTensor.elementCount(shape);
        if (count * type.bytes() > buffer.remaining()) {
            throw new WeightFileException(source + " is truncated: shape needs " + count * type.bytes()
                    + " bytes, " + buffer.remaining() + " remain");
        }
        return new HostTensor(shape, type.decode(buffer, Math.toIntExact(count)));
    }

    private static long[] parseShape(String text, String source) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new long[0];
        }
        String[] parts = trimmed.split(",");
        int dimensions = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
        long[] shape = new long[dimensions];
        try {
            for (int i = 0; i < dimensions; i++) {
                shape[i] = Long.parseLong(parts[i].trim().replace("L", ""));
            }
        } catch (NumberFormatException e) {
            throw new WeightFileException(source + " has a malformed shape (" + text + ")", e);
        }
        return shape;
    }

    /** Writes tensors as an npz of little-endian float32 arrays (deflated, like {@code np.savez_compressed}). */
    public static void write(Map<String, HostTensor> tensors, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, HostTensor> entry : tensors.entrySet()) {
            zip.putNextEntry(new ZipEntry(entry.getKey() + NPY_SUFFIX));
            zip.write(npyBytes(entry.getValue()));
            zip.closeEntry();
        }
        zip.finish();
    }

    /** One float32 C-ordered {@code .npy} array (format version 1). */
    public static byte[] npyBytes(HostTensor tensor) {
        StringBuilder shape = new StringBuilder("(");
        for (long dimension : tensor.shape()) {
            shape.append(dimension).append(", ");
        }
        if (tensor.shape().length > 0) {
            shape.setLength(shape.length() - (tensor.shape().length == 1 ? 1 : 2));
        }
        shape.append(')');
        StringBuilder header = new StringBuilder(
                "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }");
        int prefix = MAGIC.length + 2 + Short.BYTES;
        while ((prefix + header.length() + 1) % NPY_ALIGNMENT != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(MAGIC);
        bytes.write(VERSION_ONE);
        bytes.write(0);
        ByteBuffer length = ByteBuffer.allocate(Short.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        length.putShort((short) header.length());
        bytes.writeBytes(length.array());
        bytes.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        ByteBuffer data = ByteBuffer.allocate(tensor.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(tensor.values());
        bytes.writeBytes(data.array());
        return bytes.toByteArray();
    }
}
