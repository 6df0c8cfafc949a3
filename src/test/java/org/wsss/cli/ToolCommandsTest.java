package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.io.RawFloats;
import org.wsss.io.Storage;

/** The raw-array tools reproduce the reference implementations' outputs from the command line. */
class ToolCommandsTest {
    @TempDir
    Path dir;

    private static String resource(String name) throws URISyntaxException {
        return Path.of(ToolCommandsTest.class.getResource("/reference/" + name).toURI()).toString();
    }

    private static float[] read(String file, long values) throws Exception {
        return RawFloats.read(Storage.local(), new org.apache.hadoop.fs.Path(Storage.qualify(file)), values);
    }

    @Test
    void randomWalkToolMatchesTheReferenceWithBothMethods() throws Exception {
        for (String method : new String[] {"sparse", "dense"}) {
            Path out = dir.resolve(method + ".f32");
            WsssCliTest.Outcome o = WsssCliTest.run("tool", "random-walk", "--features", resource("psa/rw-small.feat.f32"),
                    "--cam", resource("psa/rw-small.cam.f32"), "--channels", "16", "--classes", "3",
                    "--height", "20", "--width", "24", "--out", out.toString(),
                    "--set", "wsss.random-walk.method=" + method);
            assertEquals(0, o.exitCode(), o.err());
            assertTrue(o.out().contains(method + " walk, 256 steps"), o.out());
            float[] expected = read(resource("psa/rw-small.rw.f32"), 3 * 20 * 24);
            float[] actual = read(out.toString(), 3 * 20 * 24);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < expected.length; i++) {
                diff += (expected[i] - actual[i]) * (double) (expected[i] - actual[i]);
                norm += expected[i] * (double) expected[i];
            }
            assertTrue(Math.sqrt(diff / norm) < 1e-4, method + " rel. L2 " + Math.sqrt(diff / norm));
        }
    }

    @Test
    void crfToolMatchesTheReferenceOnTheThreeLabelCase() throws Exception {
        Path out = dir.resolve("q.f32");
        WsssCliTest.Outcome o = WsssCliTest.run("tool", "crf", "--image", resource("crf/pets-case2.rgb.png"),
                "--scores", resource("crf/pets-case2.prob.f32"), "--labels", "3", "--out", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        int pixels = 437 * 412;
        float[] expected = read(resource("crf/pets-case2.q.f32"), 3L * pixels);
        float[] actual = read(out.toString(), 3L * pixels);
        int agree = 0;
        for (int p = 0; p < pixels; p++) {
            if (argmax(expected, p, pixels) == argmax(actual, p, pixels)) agree++;
        }
        assertTrue(agree >= 0.998 * pixels, "argmax agreement " + agree / (double) pixels);
    }

    @Test
    void wrongSizedInputIsOneLineNamingTheFile() throws Exception {
        WsssCliTest.Outcome o = WsssCliTest.run("tool", "random-walk", "--features", resource("psa/rw-small.feat.f32"),
                "--cam", resource("psa/rw-small.cam.f32"), "--channels", "17", "--classes", "3",
                "--height", "20", "--width", "24", "--out", dir.resolve("x").toString());
        assertEquals(Wsss.USER_ERROR, o.exitCode());
        assertTrue(o.err().contains("rw-small.feat.f32 holds"), o.err());
    }

    private static int argmax(float[] q, int pixel, int pixels) {
        int best = 0;
        for (int m = 1; m < q.length / pixels; m++) if (q[m * pixels + pixel] > q[best * pixels + pixel]) best = m;
        return best;
    }
}
