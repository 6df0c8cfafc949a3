package org.wsss.algo.crf;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;

/** A reference case of the C++ DenseCRF2D, read from test resources {@code reference/crf/NAME.*}. */
public record CrfReferenceCase(String name, int labels, int height, int width, byte[] rgb, float[] scores,
                               float[] expectedQ) {

    public static final String CASE1 = "pets-case1";
    public static final String CASE2 = "pets-case2";

    public static CrfReferenceCase load(String name) {
        BufferedImage image = readImage("reference/crf/" + name + ".rgb.png");
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] rgb = new byte[3 * width * height];
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        float[] scores = readFloats("reference/crf/" + name + ".prob.f32");
        float[] expected = readFloats("reference/crf/" + name + ".q.f32");
        int pixels = width * height;
        if (scores.length % pixels != 0 || expected.length != scores.length) {
            throw new IllegalStateException(name + ": " + scores.length + " scores and " + expected.length
                    + " expected values do not fit a " + width + "x" + height + " image");
        }
        return new CrfReferenceCase(name, scores.length / pixels, height, width, rgb, scores, expected);
    }

    public int pixels() {
        return height * width;
    }

    private static BufferedImage readImage(String resource) {
        try (InputStream in = open(resource)) {
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static float[] readFloats(String resource) {
        try (InputStream in = open(resource)) {
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = CrfReferenceCase.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        return in;
    }
}
