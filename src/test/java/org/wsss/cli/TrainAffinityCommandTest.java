package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAffinityCommandTest {
    @TempDir
    Path dir;

    @Test
    void bothTrainingCommandsOfferResumeAndTheCommonOptions() {
        for (String command : List.of("train-cam", "train-affinity")) {
            WsssCliTest.Outcome help = WsssCliTest.run(command, "--help");
            assertEquals(0, help.exitCode(), command);
            for (String option : List.of("--resume", "--conf", "--set", "--data-root", "--run-root", "--master")) {
                assertTrue(help.out().contains(option), command + " --help lacks " + option);
            }
        }
        assertTrue(WsssCliTest.run("--help").out().contains("train-affinity"));
    }

    @Test
    void withoutAffinityLabelsItSaysWhatIsMissingInOneLine() {
        WsssCliTest.Outcome o = WsssCliTest.run("train-affinity", "--data-root", dir.resolve("data").toString(),
                "--run-root", dir.resolve("run").toString(), "--master", "local[1]",
                "--set", "spark.bind-loopback=true", "--set", "train-affinity.init=scratch");
        assertEquals(Wsss.USER_ERROR, o.exitCode(), o.err());
        String[] lines = o.err().strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("wsss: error: table "), o.err());
        assertFalse(o.err().contains("\tat "), "stack trace printed: " + o.err());
    }
}
