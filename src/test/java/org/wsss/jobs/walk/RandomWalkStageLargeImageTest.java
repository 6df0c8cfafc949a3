package org.wsss.jobs.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.testing.LargeImageWalk;

/**
 * A 2000 x 2000 image through the random-walk stage's per-image function, CRF included, in a child JVM whose heap
 * is capped at 4 GB: the sparse walk keeps O(N) memory, where PSA's dense walk would need 15.6 GB per N x N matrix.
 */
class RandomWalkStageLargeImageTest {
    private static final int SIDE = 2000;
    private static final long LIMIT_MINUTES = 10;

    @TempDir
    Path dir;

    @Test
    void aTwoThousandPixelSquareImageCompletesInAFourGigabyteHeap() throws Exception {
        Path log = dir.resolve("child.log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4g", "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-cp", classpath, LargeImageWalk.class.getName(), Integer.toString(SIDE), dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = child.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES);
        if (!finished) child.destroyForcibly();
        String output = Files.readString(log);
        assertTrue(finished, "still running after " + LIMIT_MINUTES + " minutes:\n" + output);
        assertEquals(0, child.exitValue(), output);
        String result = output.lines().filter(l -> l.startsWith(LargeImageWalk.RESULT)).findFirst().orElseThrow();
        System.out.println(result);
    }
}
