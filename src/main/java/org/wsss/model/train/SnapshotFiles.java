package org.wsss.model.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.weights.SafetensorsFormat;
import org.wsss.model.weights.WeightFileException;

/**
 * Stores a {@link ParameterSnapshot} as a safetensors file (checkpoints): parameters under {@code parameters/NAME},
 * velocities under {@code velocities/NAME}. A standard format, so a checkpoint can be inspected with Python tools.
 */
public final class SnapshotFiles {

    private static final String PARAMETERS = "parameters/";
    private static final String VELOCITIES = "velocities/";
    private static final String FORMAT_KEY = "format";
    private static final String FORMAT = "wsss-parameter-snapshot-1";

    private SnapshotFiles() {}

    public static void write(ParameterSnapshot snapshot, OutputStream out) throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        snapshot.parameters().forEach((name, tensor) -> tensors.put(PARAMETERS + name, tensor));
        snapshot.velocities().forEach((name, tensor) -> tensors.put(VELOCITIES + name, tensor));
        SafetensorsFormat.write(tensors, Map.of(FORMAT_KEY, FORMAT), out);
    }

    /**
     * @param source a name for error messages
     * @throws WeightFileException if the bytes are not a snapshot written by {@link #write}
     */
    public static ParameterSnapshot read(byte[] bytes, String source) {
        Map<String, HostTensor> parameters = new LinkedHashMap<>();
        Map<String, HostTensor> velocities = new LinkedHashMap<>();
        SafetensorsFormat.read(ByteBuffer.wrap(bytes), source).forEach((name, tensor) -> {
            if (name.startsWith(PARAMETERS)) {
                parameters.put(name.substring(PARAMETERS.length()), tensor);
            } else if (name.startsWith(VELOCITIES)) {
                velocities.put(name.substring(VELOCITIES.length()), tensor);
            } else {
                throw new WeightFileException(source + " is not a parameter snapshot: it holds '" + name + "'");
            }
        });
        return new ParameterSnapshot(parameters, velocities);
    }
}
