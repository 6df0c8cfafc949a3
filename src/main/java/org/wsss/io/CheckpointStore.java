package org.wsss.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Training checkpoints of one model under one folder on any Hadoop file system.
 *
 * <p>Each training run writes into its own folder, named by when it started and the fingerprint of what it trains
 * on ({@code 20261130T031500123-3fa9c1e2b7d0/round-000004}); that relative name is the checkpoint's id, which later
 * stages record as their input. A checkpoint is a folder of files written in full, its {@code state.json} last,
 * before the small {@code LATEST} pointer is replaced, so a crash mid-write never leaves a half checkpoint as the
 * latest; and should the pointer itself be missing, {@link #latest} takes the newest complete checkpoint. Within a
 * run, folders beyond the newest {@code keep} are deleted; earlier runs stay until a run {@link #finish finishes}.
 */
public final class CheckpointStore {
    public static final String POINTER = "LATEST";
    public static final String STATE = "state.json";
    /** The state key naming the fingerprint of the run a checkpoint belongs to. */
    public static final String FINGERPRINT = "fingerprint";
    private static final String PREFIX = "round-";
    private static final DateTimeFormatter RUN_STARTED = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");
    private static final int FINGERPRINT_IN_NAME = 12;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Storage storage;
    private final Path root;
    private final int keep;
    /** The run folder this store trains into; null for a store that only reads (or writes rounds at its root). */
    private final String run;
    private final String fingerprint;

    /** A checkpoint's id (run folder and round folder), its files by name and its state (round, seed, metrics...). */
    public record Checkpoint(String name, int round, Map<String, Object> state, Map<String, byte[]> files) {}

    public CheckpointStore(Storage storage, Path root, int keep) {
        this(storage, root, keep, null, null);
    }

    private CheckpointStore(Storage storage, Path root, int keep, String run, String fingerprint) {
        if (keep < 1) throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        this.storage = storage;
        this.root = root;
        this.keep = keep;
        this.run = run;
        this.fingerprint = fingerprint;
    }

    public Path root() {
        return root;
    }

    /**
     * The store a training run with inputs {@code runFingerprint} writes to: with {@code resume}, the run the
     * latest checkpoint belongs to if it was made from the same inputs; otherwise a new run folder.
     */
    public CheckpointStore forTraining(String runFingerprint, boolean resume) throws IOException {
        Optional<String> latest = resume ? latestName() : Optional.empty();
        if (latest.isPresent() && latest.get().contains("/")
                && runFingerprint.equals(state(latest.get()).get(FINGERPRINT))) {
            String name = latest.get();
            return new CheckpointStore(storage, root, keep, name.substring(0, name.indexOf('/')), runFingerprint);
        }
        String started = LocalDateTime.now(ZoneOffset.UTC).format(RUN_STARTED);
        String newRun = started + "-" + runFingerprint.substring(0, Math.min(FINGERPRINT_IN_NAME, runFingerprint.length()));
        return new CheckpointStore(storage, root, keep, newRun, runFingerprint);
    }

    /** Writes a checkpoint for {@code round}, then points {@code LATEST} at it, then prunes old ones of the run. */
    public Path save(int round, Map<String, Object> state, Map<String, byte[]> files) throws IOException {
        String roundName = String.format(Locale.ROOT, PREFIX + "%06d", round);
        String name = run == null ? roundName : run + "/" + roundName;
        Path folder = new Path(root, name);
        storage.deleteRecursively(folder); // a leftover from a crash in this very round
        storage.mkdirs(folder);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            storage.writeBytes(new Path(folder, file.getKey()), file.getValue());
        }
        Map<String, Object> fullState = new LinkedHashMap<>(state);
        fullState.put("round", round);
        fullState.put("files", List.copyOf(files.keySet()));
        if (fingerprint != null) fullState.put(FINGERPRINT, fingerprint);
        storage.writeBytes(new Path(folder, STATE), JSON.writeValueAsBytes(fullState));
        storage.writeTextAtomically(new Path(root, POINTER), name + "\n");
        prune(roundName);
        return folder;
    }

    /**
     * The checkpoint {@code LATEST} points to, or the newest complete one should the pointer be missing or
     * unusable. A training store sees only its own run's: empty when the run is new.
     */
    public Optional<Checkpoint> latest() throws IOException {
        Optional<String> name = latestName();
        return name.isEmpty() ? Optional.empty() : Optional.of(load(name.get()));
    }

    /** The id of the checkpoint {@link #latest} would load, reading only its state. */
    public Optional<String> latestName() {
        Optional<String> found = pointed().or(this::newestComplete);
        if (run != null && found.isPresent() && !found.get().startsWith(run + "/")) return Optional.empty();
        return found;
    }

    private Optional<String> pointed() {
        Path pointer = new Path(root, POINTER);
        try {
            if (!storage.existsAtomicallyWritten(pointer)) return Optional.empty();
            String name = storage.readTextAtomicallyWritten(pointer).strip();
            state(name);
            return Optional.of(name);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a pointer to a folder that is gone: look for the newest complete one
        }
    }

    private Optional<String> newestComplete() {
        try {
            List<String> candidates = new ArrayList<>(names(root).stream().toList());
            for (Path runFolder : storage.listDirectories(root)) {
                if (runFolder.getName().startsWith(PREFIX)) continue;
                for (String round : names(runFolder)) candidates.add(runFolder.getName() + "/" + round);
            }
            // Older layouts kept rounds at the root: they sort before any run folder.
            candidates.sort(Comparator.comparing((String c) -> c.contains("/")).thenComparing(Comparator.naturalOrder()));
            for (int i = candidates.size() - 1; i >= 0; i--) {
                try {
                    state(candidates.get(i));
                    return Optional.of(candidates.get(i));
                } catch (IOException | RuntimeException incomplete) {
                    // state.json missing or half written: the crash fell inside this checkpoint
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> state(String name) throws IOException {
        return JSON.readValue(storage.readBytes(new Path(new Path(root, name), STATE)), Map.class);
    }

    public Checkpoint load(String name) throws IOException {
        Path folder = new Path(root, name);
        Map<String, Object> state = state(name);
        Map<String, byte[]> files = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) state.getOrDefault("files", List.of());
        for (String file : names) files.put(file, storage.readBytes(new Path(folder, file)));
        return new Checkpoint(name, ((Number) state.get("round")).intValue(), state, files);
    }

    /** Names of the round folders of the current run (this store's, else the latest one's), oldest first. */
    public List<String> names() throws IOException {
        return names(runFolder());
    }

    private Path runFolder() {
        if (run != null) return new Path(root, run);
        Optional<String> latest = latestName();
        if (latest.isEmpty() || !latest.get().contains("/")) return root;
        String name = latest.get();
        return new Path(root, name.substring(0, name.lastIndexOf('/')));
    }

    private List<String> names(Path folder) throws IOException {
        List<String> names = new ArrayList<>();
        if (!storage.exists(folder)) return names;
        for (FileStatus status : storage.fs(folder).listStatus(folder)) {
            String name = status.getPath().getName();
            if (status.isDirectory() && name.startsWith(PREFIX)) names.add(name);
        }
        names.sort(null);
        return names;
    }

    /** Marks this store's run complete: earlier runs (and rounds of the older flat layout) are deleted. */
    public void finish() throws IOException {
        if (run == null) return;
        for (Path folder : storage.listDirectories(root)) {
            if (!folder.getName().equals(run)) storage.deleteRecursively(folder);
        }
    }

    private void prune(String current) throws IOException {
        Path folder = run == null ? root : new Path(root, run);
        List<String> names = names(folder);
        int excess = names.size() - keep;
        for (int i = 0; i < names.size() && excess > 0; i++) {
            if (names.get(i).equals(current)) continue;
            storage.deleteRecursively(new Path(folder, names.get(i)));
            excess--;
        }
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
