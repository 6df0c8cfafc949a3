package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.algo.seg.UncertainPixels;
import org.wsss.model.backbone.BackboneKind;

class TrainSegSettingsTest {

    @Test
    void defaultsLearnRwCrfIgnoringWhereRwDisagrees() {
        WsssSettings settings = ConfigLoader.load(List.of(), Map.of());
        SegTrainingSettings seg = settings.trainSeg();
        assertEquals("rw_crf", seg.masks());
        assertEquals(UncertainPixels.DISAGREEMENT, seg.uncertain());
        assertEquals("rw", seg.secondOpinion());
        assertFalse(seg.binary());
        assertEquals(BackboneStart.STAGE1, seg.init());
        assertEquals(BackboneKind.RESNET50, seg.training().backbone());
        assertEquals(1024, settings.segment().maxLongSide());
        assertFalse(settings.segment().oneClass(), "the majority vote did not help on the synthetic sets");
    }

    @Test
    void theDemoPresetUsesTheSmallBackbone() {
        WsssSettings demo = ConfigLoader.load(List.of(Path.of(System.getProperty("wsss.home", "."))
                .resolve("conf/demo.conf")), Map.of());
        assertEquals(BackboneKind.SMALL, demo.trainSeg().training().backbone());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        ConfigError rule = assertThrows(ConfigError.class, () -> load(Map.of("train-seg.uncertain", "maybe")));
        assertTrue(rule.getMessage().startsWith("setting wsss.train-seg.uncertain = \"maybe\" is out of range"),
                rule.getMessage());
        ConfigError same = assertThrows(ConfigError.class, () -> load(Map.of("train-seg.second-opinion", "rw_crf")));
        assertTrue(same.getMessage().contains("wsss.train-seg.second-opinion"), same.getMessage());
        assertEquals(UncertainPixels.NONE, load(Map.of("train-seg.uncertain", "none",
                "train-seg.second-opinion", "")).trainSeg().uncertain());
        ConfigError stage1 = assertThrows(ConfigError.class, () -> load(Map.of("train-seg.backbone", "small")));
        assertTrue(stage1.getMessage().startsWith("setting wsss.train-seg.backbone = small differs"),
                stage1.getMessage());
        ConfigError imagenet = assertThrows(ConfigError.class, () -> load(Map.of("train-seg.init", "imagenet")));
        assertTrue(imagenet.getMessage().contains("needs wsss.train-seg.pretrained"), imagenet.getMessage());
        ConfigError side = assertThrows(ConfigError.class, () -> load(Map.of("segment.max-long-side", "-1")));
        assertTrue(side.getMessage().startsWith("setting wsss.segment.max-long-side"), side.getMessage());
    }

    private static WsssSettings load(Map<String, String> overrides) {
        return ConfigLoader.load(List.of(), overrides);
    }
}
