package org.wsss.model.weights;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wsss.model.nn.HostTensor;

/** Reads a weight file in any supported format, chosen by its name's extension. */
public final class WeightFiles {

    /** Extension of safetensors files. */
    public static final String SAFETENSORS = ".safetensors";
    /** Extension of NumPy archives. */
    public static final String NPZ = ".npz";
    /** Extensions of PyTorch state dicts written by {@code torch.save}. */
    public static final List<String> PYTORCH = List.of(".pth", ".pt", ".bin");

    private WeightFiles() {}

    /** Reads a local {@code .safetensors}, {@code .npz} or PyTorch ({@code .pth}, {@code .pt}, {@code .bin}) file. */
    public static Map<String, HostTensor> read(Path file) throws IOException {
        String name = file.getFileName().toString();
        Format format = Format.of(name);
        if (format == Format.NPZ) {
            try (InputStream in = Files.newInputStream(file)) {
                return NpzFormat.read(in, name);
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new WeightFileException(name + " is over 2 GiB; split it or convert it to float16");
            }
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return format == Format.PYTORCH ? PyTorchFormat.read(mapped, name) : SafetensorsFormat.read(mapped, name);
        }
    }

    /**
     * Reads weight file bytes (e.g. fetched through a Hadoop file system).
     *
     * @param name the file's name; its extension selects the format
     */
    public static Map<String, HostTensor> read(byte[] bytes, String name) throws IOException {
        return switch (Format.of(name)) {
            case NPZ -> NpzFormat.read(new ByteArrayInputStream(bytes), name);
            case PYTORCH -> PyTorchFormat.read(ByteBuffer.wrap(bytes), name);
            case SAFETENSORS -> SafetensorsFormat.read(ByteBuffer.wrap(bytes), name);
        };
    }

    private enum Format {
        SAFETENSORS,
        NPZ,
        PYTORCH;

        static Format of(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(WeightFiles.SAFETENSORS)) {
                return SAFETENSORS;
            }
            if (lower.endsWith(WeightFiles.NPZ)) {
                return NPZ;
            }
            if (WeightFiles.PYTORCH.stream().anyMatch(lower::endsWith)) {
                return PYTORCH;
            }
            throw new WeightFileException("cannot tell the format of '" + name + "': expected a name ending in "
                    + WeightFiles.SAFETENSORS + ", " + WeightFiles.NPZ + " or " + String.join(", ", WeightFiles.PYTORCH));
        }
    }
}
