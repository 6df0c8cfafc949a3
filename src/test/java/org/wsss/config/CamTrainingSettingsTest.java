package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CamTrainingSettingsTest {

    @Test
    void theProductionPresetUsesItsRateForAnyClassCount() {
        CamTrainingSettings cam = ConfigLoader.load(List.of(), Map.of()).trainCam();
        assertEquals(0.01, cam.learningRateFor(37));
        assertEquals(0.01, cam.learningRateFor(4));
    }

    @Test
    void theDemoPresetScalesItsFourBreedRateWithTheClassCount() {
        CamTrainingSettings demo = ConfigLoader.load(List.of(Path.of(System.getProperty("wsss.home", "."))
                .resolve("conf/demo.conf")), Map.of()).trainCam();
        assertEquals(0.01, demo.learningRateFor(4), 1e-12);
        assertEquals(0.0925, demo.learningRateFor(37), 1e-12);
        assertEquals(0.005, demo.learningRateFor(2), 1e-12);
    }

    @Test
    void aNegativeClassCountIsRefusedNamingTheKey() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("train-cam.learning-rate-classes", "-1")));
        assertTrue(e.getMessage().contains("wsss.train-cam.learning-rate-classes"), e.getMessage());
    }
}
