package org.wsss.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.hadoop.fs.Path;

/** Headerless little-endian float32 arrays, the exchange format of the reference implementations. */
public final class RawFloats {
    private RawFloats() {}

    public static float[] read(Storage storage, Path file, long expectedValues) throws IOException {
        byte[] bytes = storage.readBytes(file);
        if (bytes.length != expectedValues * Float.BYTES) {
            throw new BadInputException(file + " holds " + bytes.length + " bytes, expected " + expectedValues
                    + " float32 values (" + expectedValues * Float.BYTES + " bytes)");
        }
        float[] values = new float[(int) expectedValues];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public static void write(Storage storage, Path file, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        storage.writeBytes(file, buffer.array());
    }
}
