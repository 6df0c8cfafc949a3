package org.wsss.model.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.wsss.model.nn.HostTensor;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets into the data after the header) plus an
 * optional {@code __metadata__} object of strings, then the raw little-endian data.
 */
public final class SafetensorsFormat {

    private static final String METADATA_KEY = "__metadata__";
    private static final int LENGTH_BYTES = Long.BYTES;
    /** Header padding keeps tensor data 8-byte aligned, as the reference writer does. */
    private static final int HEADER_ALIGNMENT = 8;
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private SafetensorsFormat() {}

    /**
     * Parses safetensors bytes, converting every tensor to float32.
     *
     * @param source a name for error messages
     * @throws WeightFileException for a malformed file or an unsupported dtype, naming the tensor
     */
    public static Map<String, HostTensor> read(ByteBuffer bytes, String source) {
        ByteBuffer buffer = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.remaining() < LENGTH_BYTES) {
            throw new WeightFileException(source + " is too short to be a safetensors file");
        }
        long headerLength = buffer.getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > buffer.remaining()) {
            throw new WeightFileException(source + " declares a header of " + headerLength
                    + " bytes, which does not fit the file");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        buffer.get(headerBytes);
        int dataStart = buffer.position();
        long dataLength = buffer.remaining();
        JsonObject header;
        try {
            header = JsonParser.parseString(new String(headerBytes, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw new WeightFileException(source + " has a header that is not a JSON object: " + e.getMessage());
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
            if (!entry.getKey().equals(METADATA_KEY)) {
                tensors.put(entry.getKey(),
                        readTensor(entry.getKey(), entry.getValue(), buffer, dataStart, dataLength, source));
            }
        }
        return tensors;
    }

    private static HostTensor readTensor(
            String name, JsonElement description, ByteBuffer buffer, int dataStart, long dataLength, String source) {
        try {
            JsonObject fields = description.getAsJsonObject();
            String dtype = fields.get("dtype").getAsString();
            TensorDataType type = TensorDataType.fromSafetensors(dtype).orElseThrow(() -> new WeightFileException(
                    source + ": tensor '" + name + "' has unsupported dtype " + dtype));
            JsonArray shapeArray = fields.getAsJsonArray("shape");
            long[] shape = new long[shapeArray.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeArray.get(i).getAsLong();
            }
            JsonArray offsets = fields.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            long count = HostTensor.elementCount(shape);
            if (begin < 0 || end > dataLength || end - begin != count * type.bytes()) {
                throw new WeightFileException(source + ": tensor '" + name + "' has data offsets [" + begin + ", "
                        + end + ") that do not fit its shape and dtype or the file");
            }
            ByteBuffer data = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            data.position(Math.toIntExact(dataStart + begin));
            return new HostTensor(shape, type.decode(data, Math.toIntExact(count)));
        } catch (IllegalStateException | NullPointerException | UnsupportedOperationException
                | IndexOutOfBoundsException | ClassCastException e) {
            throw new WeightFileException(source + ": tensor '" + name + "' has a malformed description: " + e);
        }
    }

    /** Writes tensors as float32 safetensors, with string metadata. */
    public static void write(Map<String, HostTensor> tensors, Map<String, String> metadata, OutputStream out)
            throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            new TreeMap<>(metadata).forEach(meta::addProperty);
            header.add(METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> entry : tensors.entrySet()) {
            HostTensor tensor = entry.getValue();
            JsonObject fields = new JsonObject();
            fields.addProperty("dtype", TensorDataType.F32.safetensorsName());
            JsonArray shape = new JsonArray();
            for (long dimension : tensor.shape()) {
                shape.add(dimension);
            }
            fields.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += (long) tensor.values().length * Float.BYTES;
            offsets.add(offset);
            fields.add("data_offsets", offsets);
            header.add(entry.getKey(), fields);
        }
        StringBuilder headerText = new StringBuilder(header.toString());
        while ((LENGTH_BYTES + headerText.toString().getBytes(StandardCharsets.UTF_8).length) % HEADER_ALIGNMENT != 0) {
            headerText.append(' ');
        }
        byte[] headerBytes = headerText.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer length = ByteBuffer.allocate(LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        length.putLong(headerBytes.length);
        out.write(length.array());
        out.write(headerBytes);
        for (HostTensor tensor : tensors.values()) {
            ByteBuffer data = ByteBuffer.allocate(tensor.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(tensor.values());
            out.write(data.array());
        }
    }
}
