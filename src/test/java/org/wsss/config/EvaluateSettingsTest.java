package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvaluateSettingsTest {
    @Test
    void defaultsScoreTheTestSplitAndShowEightImagesPerGallery() {
        WsssSettings settings = ConfigLoader.load(List.of(), Map.of());
        assertEquals(new EvaluateSettings("test"), settings.evaluate());
        assertEquals(new ReportSettings(8, 192), settings.report());
    }

    @Test
    void splitChoosesWhichIndexSplitsAreScored() {
        assertEquals(Optional.empty(), ConfigLoader.load(List.of(), Map.of("evaluate.split", "all")).evaluate().onlySplit());
        assertEquals(Optional.of("trainval"),
                ConfigLoader.load(List.of(), Map.of("evaluate.split", "trainval")).evaluate().onlySplit());
    }

    @Test
    void badValuesNameTheKey() {
        assertEquals("setting wsss.evaluate.split = \"val\" is out of range: expected one of [test, trainval, all]",
                assertThrows(ConfigError.class, () -> ConfigLoader.load(List.of(), Map.of("evaluate.split", "val")))
                        .getMessage());
        assertTrue(assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("report.gallery-size", "-1"))).getMessage()
                .contains("wsss.report.gallery-size = -1"));
        assertTrue(assertThrows(ConfigError.class,
                () -> ConfigLoader.load(List.of(), Map.of("report.thumbnail-side", "8"))).getMessage()
                .contains("wsss.report.thumbnail-side = 8"));
    }
}
