package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsComeFromReferenceConf() {
        WsssSettings s = ConfigLoader.load(List.of(), Map.of());
        assertEquals("local[*]", s.spark().master());
        assertEquals(4, s.synth().breeds());
        assertEquals("gpu", s.devices().gpuResource());
    }

    @Test
    void laterConfFilesAndSetsWin() throws IOException {
        Path first = write("a.conf", "wsss.synth { breeds = 5, per-breed = 9 }");
        Path second = write("b.conf", "wsss.synth.breeds = 6");
        WsssSettings s = ConfigLoader.load(List.of(first, second), Map.of("synth.seed", "11"));
        assertEquals(6, s.synth().breeds());
        assertEquals(9, s.synth().perBreed());
        assertEquals(11, s.synth().seed());
        WsssSettings overridden = ConfigLoader.load(List.of(first, second), Map.of("wsss.synth.breeds", "3"));
        assertEquals(3, overridden.synth().breeds());
    }

    @Test
    void setValuesReadAsInAConfFile() {
        WsssSettings quoted = ConfigLoader.load(List.of(), Map.of("data-root", "\"/data/pets\"",
                "spark.master", " \"local[2]\" ", "synth.breeds", "\"5\""));
        assertEquals("/data/pets", quoted.dataRoot());
        assertEquals("local[2]", quoted.spark().master());
        assertEquals(5, quoted.synth().breeds());
        WsssSettings bare = ConfigLoader.load(List.of(), Map.of("data-root", "s3a://bucket/pets",
                "spark.master", "local[*]"));
        assertEquals("s3a://bucket/pets", bare.dataRoot(), "// in a bare URI is not a comment");
        assertEquals("local[*]", bare.spark().master());
        ConfigError unclosed = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("data-root", "\"/data/pets")));
        assertTrue(unclosed.getMessage().startsWith("--set data-root=\"/data/pets: cannot parse the value"),
                unclosed.getMessage());
        ConfigError smuggled = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("data-root", "\"a\"\nrun-root = \"b\"")));
        assertTrue(smuggled.getMessage().contains("more than one value"), smuggled.getMessage());
    }

    @Test
    void misspeltKeyIsRejectedWithTheNearestValidKey() throws IOException {
        Path file = write("typo.conf", "wsss.synth.per-bread = 3");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(List.of(file), Map.of()));
        assertTrue(e.getMessage().contains("unknown setting wsss.synth.per-bread"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean wsss.synth.per-breed?"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void unknownKeyFromSetIsRejected() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("sparc.master", "local[1]")));
        assertTrue(e.getMessage().contains("unknown setting wsss.sparc.master"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean wsss.spark.master?"), e.getMessage());
    }

    @Test
    void wrongTypeNamesKeyAndValue() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("synth.breeds", "many")));
        assertEquals("setting wsss.synth.breeds = \"many\" is not an integer", e.getMessage());
    }

    @Test
    void outOfRangeNamesKeyValueAndAllowedRange() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("synth.breeds", "40")));
        assertEquals("setting wsss.synth.breeds = 40 is out of range: expected an integer in [2, 37]",
                e.getMessage());
    }

    @Test
    void inconsistentValuesAreRejected() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("synth.min-side", "300", "synth.max-side", "200")));
        assertTrue(e.getMessage().contains("wsss.synth.min-side = 300"), e.getMessage());
    }

    @Test
    void missingOrUnparsableFilesAreNamed() throws IOException {
        Path missing = dir.resolve("nope.conf");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(List.of(missing), Map.of()));
        assertEquals("config file " + missing + " does not exist", e.getMessage());
        Path broken = write("broken.conf", "wsss { synth { breeds = ");
        ConfigError parse = assertThrows(ConfigError.class, () -> ConfigLoader.load(List.of(broken), Map.of()));
        assertTrue(parse.getMessage().startsWith("config file " + broken + " cannot be parsed"), parse.getMessage());
    }

    @Test
    void sparkPassThroughKeysAreFreeForm() {
        WsssSettings s = ConfigLoader.load(List.of(),
                Map.of("spark.conf.\"spark.executor.memory\"", "3g"));
        assertEquals("3g", s.spark().conf().get("spark.executor.memory"));
    }

    @Test
    void demoAndClusterPresetsLoad() {
        Path home = Path.of(System.getProperty("wsss.home", "."));
        WsssSettings demo = ConfigLoader.load(List.of(home.resolve("conf/demo.conf")), Map.of());
        assertEquals("work/demo/data", demo.dataRoot());
        WsssSettings cluster = ConfigLoader.load(List.of(home.resolve("conf/cluster.conf")), Map.of());
        assertEquals("1", cluster.spark().conf().get("spark.task.resource.gpu.amount"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
