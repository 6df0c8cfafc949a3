package org.wsss.model.backbone;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The backbones available, selectable by name in configuration. */
public enum BackboneKind {
    /** A narrow basic-block ResNet for CPU tests and the demo; trained from scratch. */
    SMALL(UnitType.BASIC, 16, List.of(16, 32, 64, 128), List.of(1, 1, 1, 1)),
    /** ResNet-50 with torchvision's parameter layout. */
    RESNET50(UnitType.BOTTLENECK, 64, List.of(64, 128, 256, 512), List.of(3, 4, 6, 3)),
    /** ResNet-101 with torchvision's parameter layout. */
    RESNET101(UnitType.BOTTLENECK, 64, List.of(64, 128, 256, 512), List.of(3, 4, 23, 3));

    /** Input pixels per feature-map pixel along each axis. */
    public static final int OUTPUT_STRIDE = 8;

    private final UnitType unitType;
    private final int stemChannels;
    private final List<Integer> widths;
    private final List<Integer> unitCounts;

    BackboneKind(UnitType unitType, int stemChannels, List<Integer> widths, List<Integer> unitCounts) {
        this.unitType = unitType;
        this.stemChannels = stemChannels;
        this.widths = widths;
        this.unitCounts = unitCounts;
    }

    /** Parses a configuration value such as {@code resnet50} (case-insensitive). */
    public static BackboneKind fromName(String name) {
        for (BackboneKind kind : values()) {
            if (kind.name().equalsIgnoreCase(name.trim())) {
                return kind;
            }
        }
        String known = Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown backbone '" + name + "'; expected one of " + known);
    }

    public UnitType unitType() {
        return unitType;
    }

    /** Output channels of the stem convolution. */
    public int stemChannels() {
        return stemChannels;
    }

    /** Width (channels of the inner convolutions) of a stage's units. */
    public int width(ResNetLayer layer) {
        return widths.get(layer.ordinal());
    }

    /** Number of residual units in a stage. */
    public int unitCount(ResNetLayer layer) {
        return unitCounts.get(layer.ordinal());
    }

    /** Channels a stage outputs. */
    public int outputChannels(ResNetLayer layer) {
        return width(layer) * unitType.expansion();
    }

    /** Channels of one of the exposed feature maps. */
    public int featureChannels(FeatureStage stage) {
        return outputChannels(stage.layer());
    }
}
