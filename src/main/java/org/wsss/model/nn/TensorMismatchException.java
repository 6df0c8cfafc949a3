package org.wsss.model.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Tensors offered for a network do not fit it. One exception lists every problem at once (missing, unexpected and
 * wrongly shaped tensors, with shapes), so a user fixes a weight file in one pass instead of one name at a time.
 */
public final class TensorMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> wrongShape;

    private TensorMismatchException(
            String source, List<String> missing, List<String> unexpected, List<String> wrongShape) {
        super(message(source, missing, unexpected, wrongShape));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.wrongShape = List.copyOf(wrongShape);
    }

    /**
     * Compares expected against offered shapes by name and throws if they differ in any way.
     *
     * @param source what offered the tensors, for the message (e.g. a file name)
     * @param expected the network's tensors: name to shape
     * @param offered the source's tensors: name to shape
     */
    public static void check(String source, Map<String, long[]> expected, Map<String, long[]> offered) {
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        expected.forEach((name, shape) -> {
            long[] offeredShape = offered.get(name);
            if (offeredShape == null) {
                missing.add(name + " " + Arrays.toString(shape));
            } else if (!Arrays.equals(shape, offeredShape)) {
                wrongShape.add(name + ": expected " + Arrays.toString(shape) + ", got " + Arrays.toString(offeredShape));
            }
        });
        List<String> unexpected = new ArrayList<>();
        for (String name : new TreeSet<>(offered.keySet())) {
            if (!expected.containsKey(name)) {
                unexpected.add(name + " " + Arrays.toString(offered.get(name)));
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
            throw new TensorMismatchException(source, missing, unexpected, wrongShape);
        }
    }

    /** Expected tensors the source lacks, as "name [shape]". */
    public List<String> missing() {
        return missing;
    }

    /** Tensors of the source the network has no place for, as "name [shape]". */
    public List<String> unexpected() {
        return unexpected;
    }

    /** Tensors present on both sides with different shapes, as "name: expected [..], got [..]". */
    public List<String> wrongShape() {
        return wrongShape;
    }

    private static String message(
            String source, List<String> missing, List<String> unexpected, List<String> wrongShape) {
        StringBuilder text = new StringBuilder("tensors from ").append(source).append(" do not fit the network:");
        appendSection(text, "missing", missing);
        appendSection(text, "unexpected", unexpected);
        appendSection(text, "wrong shape", wrongShape);
        return text.toString();
    }

    private static void appendSection(StringBuilder text, String title, List<String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        text.append("\n  ").append(title).append(" (").append(entries.size()).append("):");
        for (String entry : entries) {
            text.append("\n    ").append(entry);
        }
    }
}
