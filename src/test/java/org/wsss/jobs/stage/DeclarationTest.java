package org.wsss.jobs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.config.WsssSettings;
import org.wsss.testing.TestSpark;

/** Declared inputs read as configuration keys, and say which one changed. */
class DeclarationTest {
    private static WsssSettings settings(Map<String, String> overrides) {
        return TestSpark.settings("data", "run", overrides);
    }

    private static Declaration walk(Map<String, String> overrides) {
        return new Declaration().settings("random-walk", settings(overrides).randomWalk(), "threads", "partitions");
    }

    @Test
    void settingsAreTheirConfigurationKeysWithoutTheExcludedOnes() {
        Map<String, Object> inputs = walk(Map.of()).inputs();
        assertEquals(4, inputs.get("random-walk.logt"));
        assertTrue(inputs.containsKey("random-walk.background-power"), inputs.toString());
        assertTrue(inputs.containsKey("random-walk.crf"), inputs.toString());
        assertTrue(inputs.keySet().stream().noneMatch(k -> k.endsWith("threads") || k.endsWith("partitions")),
                inputs.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new Declaration().settings("random-walk", settings(Map.of()).randomWalk(), "thread"));
    }

    @Test
    void aChangedSettingIsNamedWithBothValues() {
        Declaration before = walk(Map.of());
        Declaration after = walk(Map.of("random-walk.logt", "8"));
        assertNotEquals(before.fingerprint(), after.fingerprint());
        assertEquals(List.of("random-walk.logt 4 -> 8"), after.changesSince(before.inputs()));
        assertEquals(List.of(), walk(Map.of("random-walk.threads", "3")).changesSince(before.inputs()));
        assertEquals(before.fingerprint(), walk(Map.of("random-walk.threads", "3")).fingerprint());
    }

    @Test
    void changedCheckpointsAndUpstreamOutputsAreNamed() {
        Map<String, Object> recorded = new Declaration().value("train-cam checkpoint", "a/round-000001")
                .value("index output", "0123").inputs();
        Declaration now = new Declaration().value("train-cam checkpoint", "b/round-000001")
                .value("index output", "0123");
        assertEquals(List.of("train-cam checkpoint changed"), now.changesSince(recorded));
        assertEquals(List.of("its inputs were not recorded"), now.changesSince(null));
    }

    @Test
    void nestedTrainingSettingsFlattenIntoTheStagesKeys() {
        Map<String, Object> inputs = new Declaration().settings("train-cam", settings(Map.of()).trainCam(),
                StageTraining.RUN_ONLY_SETTINGS).inputs();
        assertTrue(inputs.containsKey("train-cam.seed"), inputs.toString());
        assertTrue(inputs.containsKey("train-cam.batch-size"), inputs.toString());
        assertTrue(inputs.containsKey("train-cam.min-long-side"), inputs.toString());
        assertTrue(!inputs.containsKey("train-cam.keep-checkpoints"), inputs.toString());
    }
}
