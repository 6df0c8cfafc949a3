package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CAM stage's memory budget is a size, 3g by default, and a value that is not one names the key. */
class CamSettingsTest {

    @Test
    void theMemoryBudgetIsThreeGigabytesByDefaultAndReadsSizes() {
        assertEquals(3L << 30, ConfigLoader.load(List.of(), Map.of()).cams().memoryBudget());
        assertEquals(512L << 20,
                ConfigLoader.load(List.of(), Map.of("cams.memory-budget", "512m")).cams().memoryBudget());
    }

    @Test
    void aBudgetThatIsNotASizeOrTooSmallNamesTheKey() {
        ConfigError notASize = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("cams.memory-budget", "lots")));
        assertEquals("setting wsss.cams.memory-budget = \"lots\" is not a size such as 6g or 512m",
                notASize.getMessage());
        ConfigError tooSmall = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("cams.memory-budget", "1m")));
        assertEquals("setting wsss.cams.memory-budget = \"1m\" is out of range: expected a size of at least 16m",
                tooSmall.getMessage());
    }
}
