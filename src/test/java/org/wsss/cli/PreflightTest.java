package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.config.ConfigLoader;
import org.wsss.config.SynthSettings;
import org.wsss.config.WsssSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.Storage;
import org.wsss.jobs.index.IndexStage;

/** The checks made before Spark starts: what each refuses, and that all of them together take well under a second. */
class PreflightTest {
    @TempDir
    Path dir;

    @Test
    void everyCheckPassesOnAGoodRunInWellUnderASecond() {
        Path data = dir.resolve("data");
        new SyntheticDataset(Storage.local()).write(data.toString(), new SynthSettings(2, 2, 1, 32, 40, 0.3, false));
        WsssSettings settings = settings(data, dir.resolve("run/deep"), "local[2]");
        Preflight.beforeStages(settings, List.of(new IndexStage()), false); // warm: class loading is start-up cost
        long started = System.nanoTime();
        Preflight.beforeStages(settings, List.of(new IndexStage()), false);
        Preflight.outputFolder(Storage::local, "--out", dir.resolve("new/masks").toString());
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < 0.25, "the checks took " + seconds + " s");
        assertTrue(Files.isDirectory(dir.resolve("run/deep")), "the run root is created");
    }

    @Test
    void refusalsNameWhatIsWrong() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("annotations"));
        assertRefused("has no annotations/trainval.txt",
                () -> Preflight.dataRoot(Storage::local, data.toString()));
        assertRefused("is a file", () -> Preflight.dataRoot(Storage::local,
                Files.writeString(dir.resolve("f"), "x").toString()));
        for (String master : List.of("lokal", "local[0]", "local[x]", "spark://host", "yarn-client")) {
            assertRefused("is not a master URL", () -> Preflight.master(settings(data, dir, master)));
        }
        for (String master : List.of("local", "local[*]", "local[4]", "local[2,3]", "spark://a:7077,b:7077",
                "yarn", "k8s://https://k8s:6443")) {
            assertDoesNotThrow(() -> Preflight.master(settings(data, dir, master)), master);
        }
        assertRefused("is not writable", () -> Preflight.writableFolder(Storage::local, "run root", "/proc/x"));
        assertRefused("cannot be created", () -> Preflight.outputFolder(Storage::local, "--out", "/proc/x/y"));
    }

    private static void assertRefused(String expected, org.junit.jupiter.api.function.Executable check) {
        UserError e = assertThrows(UserError.class, check);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static WsssSettings settings(Path data, Path run, String master) {
        return ConfigLoader.load(List.of(), Map.of()).withDataRoot(data.toString()).withRunRoot(run.toString())
                .withMaster(master);
    }
}
