package org.wsss.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;

/**
 * The PSA reference vectors copied into test resources (shapes from {@code reference/psa/cases.json}):
 * raw little-endian arrays, channel-first, no header.
 */
public final class PsaReference {

    private static final String FOLDER = "/reference/psa/";

    /** A random-walk case: features, CAM scores and the expected walked scores. */
    public record WalkCase(String name, int channels, int classes, int height, int width) {

        public ChannelStack features() {
            return new ChannelStack(channels, height, width, floats(name + ".feat.f32"));
        }

        public ChannelStack cams() {
            return new ChannelStack(classes, height, width, floats(name + ".cam.f32"));
        }

        public ChannelStack expected() {
            return new ChannelStack(classes, height, width, floats(name + ".rw.f32"));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** An affinity-label case: a label map and the expected bg_pos, fg_pos, neg planes. */
    public record LabelCase(String name, int height, int width, int pairsPerOffset) {

        public LabelMap labels() {
            return new LabelMap(height, width, bytes(name + ".label.u8"));
        }

        /** 3 x offsets x pairsPerOffset, each 0 or 1. */
        public float[] expectedPairs() {
            return floats(name + ".pairs.f32");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final WalkCase RW_SMALL = new WalkCase("rw-small", 16, 3, 20, 24);
    public static final WalkCase RW_PETS = new WalkCase("rw-pets", 32, 3, 47, 63);
    public static final LabelCase AFFLABEL_SMALL = new LabelCase("afflabel-small", 12, 16, 64);
    public static final LabelCase AFFLABEL_56 = new LabelCase("afflabel-56", 56, 56, 2496);

    /** The reference's beta, logt and radius for both walk cases. */
    public static final double BETA = 8;
    public static final int LOGT = 8;
    public static final int RADIUS = 5;
    /** Agreement an exact walk reaches, per the reference README. */
    public static final double WALK_TOLERANCE = 1e-4;

    private PsaReference() {
    }

    public static float[] floats(String file) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[buffer.remaining() / Float.BYTES];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    public static byte[] bytes(String file) {
        try (InputStream in = PsaReference.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + FOLDER + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ||actual - expected|| / ||expected||. */
    public static double relativeL2(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(actual.length + " values against " + expected.length);
        }
        double error = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            double difference = (double) actual[i] - expected[i];
            error += difference * difference;
            norm += (double) expected[i] * expected[i];
        }
        return Math.sqrt(error / norm);
    }
}
