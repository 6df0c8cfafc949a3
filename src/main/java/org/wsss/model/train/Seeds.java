package org.wsss.model.train;

/** Derives independent seeds from a root seed and a path of indices (step, sample, ...). */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** A seed for the node at {@code path} under {@code root}; different paths give unrelated seeds. */
    public static long derive(long root, long... path) {
        long seed = mix(root);
        for (long index : path) {
            seed = mix(seed + GOLDEN_GAMMA * (index + 1));
        }
        return seed;
    }

    /** SplitMix64's finaliser: a bijection that scatters nearby inputs. */
    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
