package org.wsss.algo.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RandomWalkSettingsTest {

    @Test
    void defaultsArePsas() {
        RandomWalkSettings settings = RandomWalkSettings.defaults();
        assertEquals(8, settings.beta());
        assertEquals(8, settings.logt());
        assertEquals(256, settings.steps());
        assertEquals(5, settings.radius());
        assertEquals(34, settings.offsets().count());
        assertEquals(RandomWalkMethod.SPARSE, settings.method());
    }

    @Test
    void invalidValuesAreRejectedByName() {
        assertRejected("beta", () -> new RandomWalkSettings(0, 8, 5, RandomWalkMethod.SPARSE));
        assertRejected("beta", () -> new RandomWalkSettings(Double.NaN, 8, 5, RandomWalkMethod.SPARSE));
        assertRejected("logt", () -> new RandomWalkSettings(8, -1, 5, RandomWalkMethod.SPARSE));
        assertRejected("logt", () -> new RandomWalkSettings(8, 31, 5, RandomWalkMethod.SPARSE));
        assertRejected("radius", () -> new RandomWalkSettings(8, 8, 1, RandomWalkMethod.SPARSE));
        NullPointerException missing = assertThrows(NullPointerException.class,
                () -> new RandomWalkSettings(8, 8, 5, null));
        assertTrue(missing.getMessage().contains("method"));
    }

    @Test
    void methodsAreChosenBySettingName() {
        assertEquals(RandomWalkMethod.SPARSE, RandomWalkMethod.fromSettingName("sparse"));
        assertEquals(RandomWalkMethod.DENSE, RandomWalkMethod.fromSettingName(" Dense "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RandomWalkMethod.fromSettingName("gpu"));
        assertTrue(error.getMessage().contains("[sparse, dense]"), error.getMessage());
    }

    private static void assertRejected(String field, Executable construction) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(error.getMessage().startsWith(field), error.getMessage());
    }
}
