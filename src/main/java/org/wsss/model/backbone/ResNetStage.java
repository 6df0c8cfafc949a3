package org.wsss.model.backbone;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/** A sequence of residual units whose children are named {@code 0, 1, ...} like torchvision's stage Sequential. */
final class ResNetStage extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<ResidualUnit> units = new ArrayList<>();

    ResNetStage(BackboneKind kind, ResNetLayer layer, int inChannels, boolean frozenBatchNorm) {
        super(VERSION);
        int channels = inChannels;
        for (int index = 0; index < kind.unitCount(layer); index++) {
            boolean first = index == 0;
            ResidualUnit unit = new ResidualUnit(
                    kind.unitType(),
                    channels,
                    kind.width(layer),
                    first ? layer.stride() : 1,
                    first ? layer.firstUnitDilation() : layer.dilation(),
                    frozenBatchNorm);
            units.add(addChildBlock(Integer.toString(index), unit));
            channels = kind.outputChannels(layer);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList current = inputs;
        for (ResidualUnit unit : units) {
            NDList next = unit.forward(parameterStore, current, training, params);
            if (current != inputs) {
                current.close();
            }
            current = next;
        }
        return current;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (ResidualUnit unit : units) {
            unit.initialize(manager, dataType, shapes);
            shapes = unit.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (ResidualUnit unit : units) {
            shapes = unit.getOutputShapes(shapes);
        }
        return shapes;
    }
}
