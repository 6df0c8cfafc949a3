package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline from the command line on a tiny synthetic dataset, interrupted once and resumed. */
class PipelineTest {
    private static final List<String> STAGES = List.of("index", "train-cam", "cams", "affinity-labels",
            "train-affinity", "tune", "random-walk", "train-seg", "segment", "evaluate", "report");

    @TempDir
    Path dir;

    private String[] pipeline(Path data, Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of("pipeline", "--conf", TestConf.demo(), "--data-root",
                data.toString(), "--run-root", run.toString(), "--master", "local[2]",
                "--set", "spark.bind-loopback=true",
                "--set", "train-cam.epochs=2", "--set", "train-cam.steps-per-round=2", "--set", "train-cam.crop=64",
                "--set", "train-cam.min-long-side=64", "--set", "train-cam.max-long-side=88",
                "--set", "train-affinity.epochs=1", "--set", "train-affinity.steps-per-round=2",
                "--set", "train-affinity.crop=80", "--set", "cams.scales=[1.0]",
                "--set", "tune.images=6",
                "--set", "train-seg.epochs=1", "--set", "train-seg.steps-per-round=2", "--set", "train-seg.crop=64"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void stopsAfterAStageAndResumesWithoutRedoingFinishedStages() {
        Path data = dir.resolve("data");
        Path run = dir.resolve("run");
        WsssCliTest.Outcome synth = WsssCliTest.run("synth", "--out", data.toString(), "--breeds", "2",
                "--per-breed", "8", "--min-side", "80", "--max-side", "96", "--seed", "3");
        assertEquals(0, synth.exitCode(), synth.err());

        WsssCliTest.Outcome first = WsssCliTest.run(pipeline(data, run, "--set", "train-cam.stop-after-round=1"));
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("[train-cam] stopped before completing"), first.out());
        assertTrue(Files.exists(run.resolve("index/_stage.json")));
        assertFalse(Files.exists(run.resolve("train-cam/_stage.json")));
        assertFalse(Files.exists(run.resolve("cams")), "no stage may run on a partial model");

        WsssCliTest.Outcome second = WsssCliTest.run(pipeline(data, run));
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("[index] (1/11) up to date"), second.out());
        assertTrue(second.out().contains("[train-cam] resuming after round 1"), second.out());
        for (String stage : STAGES) {
            assertTrue(Files.exists(run.resolve(stage + "/_stage.json")), stage + " did not complete");
        }
        for (String table : List.of("index", "cams", "affinity_labels", "masks", "eval/per_image")) {
            assertTrue(Files.isDirectory(run.resolve(table)), "missing table " + table);
        }
        assertTrue(Files.exists(run.resolve("eval/metrics.json")));
        assertTrue(Files.exists(run.resolve("report/index.html")));

        WsssCliTest.Outcome third = WsssCliTest.run(pipeline(data, run));
        assertEquals(0, third.exitCode(), third.err());
        for (int i = 0; i < STAGES.size(); i++) {
            assertTrue(third.out().contains("[" + STAGES.get(i) + "] (" + (i + 1) + "/11) up to date"),
                    third.out());
        }
    }

    /** Where the demo preset lives (the test JVM runs with -Dwsss.home=project root). */
    static final class TestConf {
        static String demo() {
            return Path.of(System.getProperty("wsss.home", ".")).resolve("conf/demo.conf").toString();
        }
    }
}
