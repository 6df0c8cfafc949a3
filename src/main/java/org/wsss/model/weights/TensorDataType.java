package org.wsss.model.weights;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Element types of stored tensors this package reads, all converted to float32 on load. */
public enum TensorDataType {
    F64("F64", "f8", Double.BYTES),
    F32("F32", "f4", Float.BYTES),
    F16("F16", "f2", Short.BYTES),
    BF16("BF16", null, Short.BYTES),
    I64("I64", "i8", Long.BYTES),
    I32("I32", "i4", Integer.BYTES),
    I16("I16", "i2", Short.BYTES),
    I8("I8", "i1", Byte.BYTES),
    U8("U8", "u1", Byte.BYTES),
    BOOL("BOOL", "b1", Byte.BYTES);

    private static final int HALF_EXPONENT_MASK = 0x1F;
    private static final int HALF_MANTISSA_BITS = 10;
    private static final int HALF_MANTISSA_MASK = 0x3FF;
    private static final int HALF_EXPONENT_BIAS = 15;
    private static final int FLOAT_EXPONENT_BIAS = 127;
    private static final int FLOAT_MANTISSA_BITS = 23;
    private static final int HALF_INFINITE_EXPONENT = 0x1F;
    private static final int FLOAT_INFINITE_EXPONENT = 0xFF;
    private static final int BFLOAT_SHIFT = 16;

    private final String safetensorsName;
    private final String numpyKind;
    private final int bytes;

    TensorDataType(String safetensorsName, String numpyKind, int bytes) {
        this.safetensorsName = safetensorsName;
        this.numpyKind = numpyKind;
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The safetensors dtype string, e.g. {@code F32}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The type with a safetensors dtype string. */
    public static Optional<TensorDataType> fromSafetensors(String name) {
        return Arrays.stream(values()).filter(t -> t.safetensorsName.equals(name)).findFirst();
    }

    /** The type with a numpy kind and size without byte order, e.g. {@code f4}. */
    public static Optional<TensorDataType> fromNumpy(String kind) {
        String lower = kind.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> lower.equals(t.numpyKind)).findFirst();
    }

    /** Reads {@code count} elements from {@code data}'s position on, in the buffer's byte order, as floats. */
    public float[] decode(ByteBuffer data, int count) {
        float[] values = new float[count];
        int start = data.position();
        for (int i = 0; i < count; i++) {
            values[i] = element(data, start + i * bytes);
        }
        data.position(start + count * bytes);
        return values;
    }

    /** The element at byte {@code index} of {@code data}, in the buffer's byte order, as a float. */
    public float element(ByteBuffer data, int index) {
        return switch (this) {
            case F64 -> (float) data.getDouble(index);
            case F32 -> data.getFloat(index);
            case F16 -> halfToFloat(data.getShort(index));
            case BF16 -> Float.intBitsToFloat((data.getShort(index) & 0xFFFF) << BFLOAT_SHIFT);
            case I64 -> (float) data.getLong(index);
            case I32 -> (float) data.getInt(index);
            case I16 -> data.getShort(index);
            case I8 -> data.get(index);
            case U8 -> data.get(index) & 0xFF;
            case BOOL -> data.get(index) != 0 ? 1f : 0f;
        };
    }

    /** IEEE 754 binary16 to binary32, subnormals, infinities and NaN included. */
    static float halfToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits >>> 15) << 31;
        int exponent = (bits >>> HALF_MANTISSA_BITS) & HALF_EXPONENT_MASK;
        int mantissa = bits & HALF_MANTISSA_MASK;
        int mantissaShift = FLOAT_MANTISSA_BITS - HALF_MANTISSA_BITS;
        if (exponent == HALF_INFINITE_EXPONENT) {
            return Float.intBitsToFloat(sign | (FLOAT_INFINITE_EXPONENT << FLOAT_MANTISSA_BITS) | (mantissa << mantissaShift));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        int floatExponent = exponent - HALF_EXPONENT_BIAS + FLOAT_EXPONENT_BIAS;
        return Float.intBitsToFloat(sign | (floatExponent << FLOAT_MANTISSA_BITS) | (mantissa << mantissaShift));
    }
}
