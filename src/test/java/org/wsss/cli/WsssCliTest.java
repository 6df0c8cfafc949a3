package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WsssCliTest {
    @TempDir
    Path dir;

    record Outcome(int exitCode, String out, String err) {}

    static Outcome run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Wsss.execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void everySubcommandHasHelpWithTheCommonOptions() {
        for (String sub : List.of("synth", "prepare", "index", "pipeline", "demo")) {
            Outcome o = run(sub, "--help");
            assertEquals(0, o.exitCode(), sub);
            for (String option : List.of("--conf", "--set", "--data-root", "--run-root", "--master")) {
                assertTrue(o.out().contains(option), sub + " --help lacks " + option);
            }
        }
        assertTrue(run("--help").out().contains("pipeline"));
    }

    @Test
    void missingDataRootIsOneLineNotAStackTrace() {
        Outcome o = run("index", "--data-root", dir.resolve("nowhere").toString(),
                "--run-root", dir.resolve("run").toString(), "--master", "local[1]",
                "--set", "spark.bind-loopback=true");
        assertEquals(Wsss.USER_ERROR, o.exitCode());
        String[] lines = o.err().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("wsss: error: data root ") && last.contains("nowhere"), o.err());
        assertFalse(o.err().contains("\tat "), "stack trace printed: " + o.err());
    }

    @Test
    void unreadableConfigIsOneLine() {
        Outcome o = run("synth", "--conf", dir.resolve("missing.conf").toString());
        assertEquals(Wsss.USER_ERROR, o.exitCode());
        assertEquals("wsss: error: config file " + dir.resolve("missing.conf") + " does not exist", o.err().strip());
    }

    @Test
    void badSettingIsOneLineNamingTheKey() {
        Outcome o = run("synth", "--set", "synth.breeds=99", "--out", dir.toString());
        assertEquals(Wsss.USER_ERROR, o.exitCode());
        assertTrue(o.err().contains("wsss.synth.breeds = 99"), o.err());
    }

    @Test
    void synthWritesTheLayoutAndSaysSo() {
        Outcome o = run("synth", "--out", dir.resolve("d").toString(), "--breeds", "2", "--per-breed", "3",
                "--seed", "1", "--min-side", "40", "--max-side", "48");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("wrote 6 listed images"), o.out());
        assertTrue(dir.resolve("d/annotations/trainval.txt").toFile().isFile());
    }
}
