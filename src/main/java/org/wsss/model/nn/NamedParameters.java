package org.wsss.model.nn;

import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names every parameter of a block tree with PyTorch-style dotted paths ({@code layer1.0.conv1.weight}).
 *
 * <p>DJL registers a child as {@code "%02d" + name} (its position, then the name given to {@code addChildBlock});
 * dropping that position prefix and joining with dots gives names that are stable across model instances (unlike
 * parameter ids) and, for our backbones, identical to torchvision's. Snapshots, weight import and learning-rate
 * groups all key on these names.
 */
public final class NamedParameters {

    private static final String SEPARATOR = ".";

    private NamedParameters() {}

    /** All parameters of {@code root} in registration order, keyed by dotted name. */
    public static Map<String, Parameter> of(Block root) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        collect(root, "", named);
        return Collections.unmodifiableMap(named);
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> named) {
        for (Parameter parameter : block.getDirectParameters().values()) {
            String name = prefix + parameter.getName();
            if (named.put(name, parameter) != null) {
                throw new IllegalStateException("two parameters are named " + name);
            }
        }
        BlockList children = block.getChildren();
        for (int position = 0; position < children.size(); position++) {
            String childName = withoutPositionPrefix(children.keyAt(position), position);
            collect(children.valueAt(position), prefix + childName + SEPARATOR, named);
        }
    }

    private static String withoutPositionPrefix(String registeredName, int position) {
        String prefix = String.format(Locale.ROOT, "%02d", position + 1);
        if (!registeredName.startsWith(prefix)) {
            throw new IllegalStateException(
                    "child '" + registeredName + "' does not carry DJL's position prefix " + prefix);
        }
        return registeredName.substring(prefix.length());
    }
}
