package org.wsss.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Training checkpoints under one folder on any Hadoop file system. Each checkpoint is a folder of files written in
 * full before the small {@code LATEST} pointer is replaced, so a crash mid-write never leaves a half checkpoint as
 * the latest; folders beyond the newest {@code keep} are deleted afterwards.
 */
public final class CheckpointStore {
    public static final String POINTER = "LATEST";
    public static final String STATE = "state.json";
    private static final String PREFIX = "round-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Storage storage;
    private final Path root;
    private final int keep;

    /** A checkpoint's files by name and its state (round, epoch, step, seed, metrics...). */
    public record Checkpoint(String name, int round, Map<String, Object> state, Map<String, byte[]> files) {}

    public CheckpointStore(Storage storage, Path root, int keep) {
        if (keep < 1) throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        this.storage = storage;
        this.root = root;
        this.keep = keep;
    }

    public Path root() {
        return root;
    }

    /** Writes a checkpoint for {@code round}, then points {@code LATEST} at it, then prunes old ones. */
    public Path save(int round, Map<String, Object> state, Map<String, byte[]> files) throws IOException {
        String name = String.format(Locale.ROOT, PREFIX + "%06d", round);
        Path folder = new Path(root, name);
        storage.deleteRecursively(folder); // a leftover from a crash in this very round
        storage.mkdirs(folder);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            storage.writeBytes(new Path(folder, file.getKey()), file.getValue());
        }
        Map<String, Object> fullState = new LinkedHashMap<>(state);
        fullState.put("round", round);
        fullState.put("files", List.copyOf(files.keySet()));
        storage.writeBytes(new Path(folder, STATE), JSON.writeValueAsBytes(fullState));
        storage.writeTextAtomically(new Path(root, POINTER), name + "\n");
        prune(name);
        return folder;
    }

    /** The checkpoint {@code LATEST} points to, if any. */
    public Optional<Checkpoint> latest() throws IOException {
        Path pointer = new Path(root, POINTER);
        if (!storage.exists(pointer)) return Optional.empty();
        String name = storage.readText(pointer).strip();
        return Optional.of(load(name));
    }

    public Checkpoint load(String name) throws IOException {
        Path folder = new Path(root, name);
        @SuppressWarnings("unchecked")
        Map<String, Object> state = JSON.readValue(storage.readBytes(new Path(folder, STATE)), Map.class);
        Map<String, byte[]> files = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) state.getOrDefault("files", List.of());
        for (String file : names) files.put(file, storage.readBytes(new Path(folder, file)));
        return new Checkpoint(name, ((Number) state.get("round")).intValue(), state, files);
    }

    /** Names of the checkpoint folders present, oldest first. */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!storage.exists(root)) return names;
        for (FileStatus status : storage.fs(root).listStatus(root)) {
            String name = status.getPath().getName();
            if (status.isDirectory() && name.startsWith(PREFIX)) names.add(name);
        }
        names.sort(null);
        return names;
    }

    private void prune(String current) throws IOException {
        List<String> names = names();
        int excess = names.size() - keep;
        for (int i = 0; i < names.size() && excess > 0; i++) {
            if (names.get(i).equals(current)) continue;
            storage.deleteRecursively(new Path(root, names.get(i)));
            excess--;
        }
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
