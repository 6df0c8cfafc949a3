package org.wsss.model.testing;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A stand-in backbone whose three "stage" outputs are its input, so CAMs can be computed by hand. */
public final class StageCopies extends AbstractBlock {

    private static final int STAGES = 3;

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList copies = new NDList(STAGES);
        for (int i = 0; i < STAGES; i++) {
            copies.add(inputs.singletonOrThrow());
        }
        return copies;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], inputShapes[0], inputShapes[0]};
    }
}
