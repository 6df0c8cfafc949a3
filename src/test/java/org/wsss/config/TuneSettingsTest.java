package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tune grid and the settings sources are read once and rejected with the key named. */
class TuneSettingsTest {
    private static WsssSettings load(Map<String, String> overrides) {
        return ConfigLoader.load(List.of(), overrides);
    }

    @Test
    void defaultsHoldTheValuesAHandSweepFoundBestAndTuningIsOff() {
        WsssSettings settings = load(Map.of());
        TuneSettings tune = settings.tune();
        assertEquals(0, tune.images());
        assertTrue(tune.backgroundPowers().contains(64.0) && tune.logts().contains(3), tune.toString());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), tune.logts());
        assertEquals(SettingsSource.AUTO, settings.randomWalk().settings());
    }

    @Test
    void autoMeansTunedOnlyWhenTuningIsOnAndAChoiceExists() {
        assertTrue(SettingsSource.AUTO.usesTuned(true, true));
        assertTrue(!SettingsSource.AUTO.usesTuned(true, false) && !SettingsSource.AUTO.usesTuned(false, true));
        assertTrue(SettingsSource.TUNED.usesTuned(false, false));
        assertTrue(!SettingsSource.CONFIGURED.usesTuned(true, true));
    }

    @Test
    void badGridsNameTheirKey() {
        for (Map<String, String> bad : List.of(Map.of("tune.logt", "[2, 3.5]"), Map.of("tune.beta", "[8, 8]"),
                Map.of("tune.images", "-1"), Map.of("tune.background-power", "[]"), Map.of("tune.confidence", "1.5"),
                Map.of("random-walk.settings", "tuneed"))) {
            ConfigError e = assertThrows(ConfigError.class, () -> load(bad), bad.toString());
            String key = bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains("wsss." + key), e.getMessage());
        }
    }
}
