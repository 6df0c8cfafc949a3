package org.wsss.model.weights;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.nn.TensorMismatchException;

/**
 * Loads ImageNet weights saved under torchvision/timm ResNet names ({@code conv1.weight},
 * {@code layer1.0.downsample.1.running_mean}, ...) into a backbone, whose parameters carry the same names.
 *
 * <p>Deliberately ignored: the ImageNet classifier ({@code fc.weight}, {@code fc.bias}), batch-norm step counters
 * ({@code *.num_batches_tracked}); a {@code module.} prefix left by {@code DataParallel} is removed. Everything else
 * must match exactly: any missing, unexpected or wrongly shaped tensor fails the load with one
 * {@link TensorMismatchException} listing them all, before any parameter is written.
 */
public final class PretrainedWeights {

    private static final List<String> IGNORED_NAMES = List.of("fc.weight", "fc.bias");
    private static final String IGNORED_SUFFIX = ".num_batches_tracked";
    private static final String DATA_PARALLEL_PREFIX = "module.";

    private PretrainedWeights() {}

    /** What a load did. */
    public record LoadReport(int loaded, List<String> ignored) {}

    /** Reads a weight file in any format {@link WeightFiles} knows and loads it into {@code backbone}. */
    public static LoadReport load(Block backbone, Path file) throws IOException {
        return load(backbone, WeightFiles.read(file), file.getFileName().toString());
    }

    /**
     * Loads tensors into the (initialised) {@code backbone}'s parameters and batch-norm statistics.
     *
     * @param source a name for error messages
     * @throws TensorMismatchException if the tensors do not fit, listing every problem
     */
    public static LoadReport load(Block backbone, Map<String, HostTensor> tensors, String source) {
        Map<String, HostTensor> usable = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        boolean dataParallel = !tensors.isEmpty()
                && tensors.keySet().stream().allMatch(name -> name.startsWith(DATA_PARALLEL_PREFIX));
        tensors.forEach((storedName, tensor) -> {
            String name = dataParallel ? storedName.substring(DATA_PARALLEL_PREFIX.length()) : storedName;
            if (IGNORED_NAMES.contains(name) || name.endsWith(IGNORED_SUFFIX)) {
                ignored.add(storedName);
            } else {
                usable.put(name, tensor);
            }
        });
        Map<String, Parameter> parameters = NamedParameters.of(backbone);
        if (!backbone.isInitialized()) {
            throw new IllegalStateException("initialise the backbone before loading weights into it");
        }
        Map<String, long[]> expected = new LinkedHashMap<>();
        parameters.forEach((name, parameter) -> expected.put(name, parameter.getShape().getShape()));
        Map<String, long[]> offered = new LinkedHashMap<>();
        usable.forEach((name, tensor) -> offered.put(name, tensor.shape()));
        TensorMismatchException.check(source, expected, offered);
        parameters.forEach((name, parameter) -> HostArrays.copyInto(usable.get(name), parameter.getArray()));
        return new LoadReport(parameters.size(), List.copyOf(ignored));
    }
}
