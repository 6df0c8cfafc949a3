package org.wsss.model.nn;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Finds the {@link StochasticBlock}s of a block tree and reseeds them together. */
public final class StochasticBlocks {

    private StochasticBlocks() {}

    /** The stochastic blocks of {@code root} (root included) in depth-first registration order. */
    public static List<StochasticBlock> of(Block root) {
        List<StochasticBlock> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    /** Gives each stochastic block of {@code root} its own stream derived from {@code seed}. */
    public static void reseedAll(Block root, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        for (StochasticBlock block : of(root)) {
            block.reseed(seeds.nextLong());
        }
    }

    private static void collect(Block block, List<StochasticBlock> found) {
        if (block instanceof StochasticBlock stochastic) {
            found.add(stochastic);
        }
        for (Block child : block.getChildren().values()) {
            collect(child, found);
        }
    }
}
