package org.wsss.algo.crf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CrfSettingsTest {

    @Test
    void psaDefaultsAreThePapersParameters() {
        assertEquals(new CrfSettings(3, 3, 80, 13, 10, 10, 1e-5), CrfSettings.psaDefaults());
    }

    @Test
    void messagesNameTheFieldAndValue() {
        assertRejected("gaussianSxy", "0.0", () -> new CrfSettings(0, 3, 80, 13, 10, 10, 1e-5));
        assertRejected("gaussianCompat", "-1.0", () -> new CrfSettings(3, -1, 80, 13, 10, 10, 1e-5));
        assertRejected("bilateralSxy", "-80.0", () -> new CrfSettings(3, 3, -80, 13, 10, 10, 1e-5));
        assertRejected("bilateralSrgb", "NaN", () -> new CrfSettings(3, 3, 80, Double.NaN, 10, 10, 1e-5));
        assertRejected("bilateralCompat", "Infinity",
                () -> new CrfSettings(3, 3, 80, 13, Double.POSITIVE_INFINITY, 10, 1e-5));
        assertRejected("iterations", "-1", () -> new CrfSettings(3, 3, 80, 13, 10, -1, 1e-5));
        assertRejected("scoreFloor", "0.0", () -> new CrfSettings(3, 3, 80, 13, 10, 10, 0));
        assertRejected("scoreFloor", "1.0", () -> new CrfSettings(3, 3, 80, 13, 10, 10, 1));
    }

    private static void assertRejected(String field, String value, Supplier<CrfSettings> settings) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, settings::get);
        assertTrue(error.getMessage().startsWith(field + " "), error.getMessage());
        assertTrue(error.getMessage().endsWith(value), error.getMessage());
    }
}
