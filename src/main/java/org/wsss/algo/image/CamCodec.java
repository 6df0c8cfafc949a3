package org.wsss.algo.image;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compact stored form of CAMs: values in [0, 1] quantised to 8 bits (error at most 1/510) and deflated.
 * CAMs are smooth, so deflate shrinks them several times over.
 */
public final class CamCodec {
    private static final int LEVELS = 255;

    private CamCodec() {}

    /** Encodes planes of {@code planeSize} values each; values outside [0, 1] are clamped. */
    public static byte[] encode(float[] cams) {
        byte[] quantised = new byte[cams.length];
        for (int i = 0; i < cams.length; i++) {
            float v = Math.max(0f, Math.min(1f, cams[i]));
            quantised[i] = (byte) Math.round(v * LEVELS);
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(quantised);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, cams.length / 4));
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    public static float[] decode(byte[] encoded, int values) {
        byte[] quantised = new byte[values];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(encoded);
            int read = 0;
            while (read < values && !inflater.finished()) {
                int n = inflater.inflate(quantised, read, values - read);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                read += n;
            }
            if (read != values) {
                throw new IllegalArgumentException("encoded CAMs hold " + read + " values, expected " + values);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("encoded CAMs are corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        float[] cams = new float[values];
        for (int i = 0; i < values; i++) cams[i] = (quantised[i] & 0xFF) / (float) LEVELS;
        return cams;
    }
}
