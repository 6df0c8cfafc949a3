package org.wsss.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.wsss.io.Storage;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.nn.TensorMismatchException;
import org.wsss.model.weights.PretrainedWeights;
import org.wsss.model.weights.WeightFileException;
import org.wsss.model.weights.WeightFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Check an ImageNet weight file (.pth, .pt, .bin, .safetensors or .npz with torchvision/timm "
                + "ResNet names) against a backbone: how many tensors match, and every missing, unexpected or "
                + "wrongly shaped one. Exits 0 when the file fits, 2 when it does not or cannot be read.")
public final class WeightsToolCommand implements Callable<Integer> {
    private static final String STEP_COUNTER = ".num_batches_tracked";
    /** Any input size builds the parameters; a small one keeps initialisation cheap. */
    private static final Shape PROBE_INPUT = new Shape(1, ResNetBackbone.INPUT_CHANNELS, 32, 32);

    @Option(names = "--backbone", defaultValue = "resnet50", paramLabel = "NAME",
            description = "The backbone to check against: small, resnet50 or resnet101 (default ${DEFAULT-VALUE}).")
    String backbone;

    @Parameters(index = "0", paramLabel = "FILE", description = "The weight file (local path or Hadoop URI).")
    String file;

    @Override
    public Integer call() throws Exception {
        BackboneKind kind;
        try {
            kind = BackboneKind.fromName(backbone);
        } catch (IllegalArgumentException e) {
            throw new UserError("--backbone: " + e.getMessage());
        }
        Map<String, HostTensor> tensors = read(file);
        String kindName = kind.name().toLowerCase(Locale.ROOT);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ResNetBackbone network = ResNetBackbone.builder().setKind(kind).build();
            network.initialize(manager, DataType.FLOAT32, PROBE_INPUT);
            int expected = NamedParameters.of(network).size();
            try {
                PretrainedWeights.LoadReport report = PretrainedWeights.load(network, tensors, file);
                Console.line("[tool weights] %s: all %d %s tensors match; ignored %s", file, report.loaded(),
                        kindName, describeIgnored(report.ignored()));
                return 0;
            } catch (TensorMismatchException e) {
                int matched = expected - e.missing().size() - e.wrongShape().size();
                Console.line("[tool weights] %s: %d of %d %s tensors match", file, matched, expected, kindName);
                list("missing", e.missing());
                list("unexpected", e.unexpected());
                list("wrong shape", e.wrongShape());
                throw new UserError(String.format(Locale.ROOT,
                        "%s does not fit %s: %d missing, %d unexpected, %d with the wrong shape", file, kindName,
                        e.missing().size(), e.unexpected().size(), e.wrongShape().size()));
            }
        }
    }

    private static Map<String, HostTensor> read(String location) throws IOException {
        Storage storage = Storage.local();
        Path path = new Path(Storage.qualify(location));
        if (!storage.exists(path)) {
            throw new UserError("weight file " + location + " not found");
        }
        try {
            return WeightFiles.read(storage.readBytes(path), path.getName());
        } catch (WeightFileException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static void list(String title, List<String> entries) {
        for (String entry : entries) {
            Console.line("[tool weights]   %s: %s", title, entry);
        }
    }

    /** The classifier by name; step counters, one per batch norm, by count. */
    private static String describeIgnored(List<String> ignored) {
        long counters = ignored.stream().filter(name -> name.endsWith(STEP_COUNTER)).count();
        List<String> named = ignored.stream().filter(name -> !name.endsWith(STEP_COUNTER)).toList();
        String text = String.join(", ", named);
        if (counters > 0) {
            text += (text.isEmpty() ? "" : " and ") + counters + " *" + STEP_COUNTER;
        }
        return text.isEmpty() ? "nothing" : text;
    }
}
