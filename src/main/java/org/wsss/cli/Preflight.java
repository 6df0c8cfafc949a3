package org.wsss.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.wsss.config.WsssSettings;
import org.wsss.data.PetLayout;
import org.wsss.io.RunLayout;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.Stage;

/**
 * Checks made before Spark starts (which takes seconds), each in well under a second on local files, so a mistake
 * in the command line is reported at once and by name: the master URL, the data root's layout, a writable run root,
 * an output folder that is a folder.
 */
final class Preflight {
    /** The master URLs Spark accepts: local modes, a standalone master, YARN and Kubernetes. */
    private static final Pattern MASTER = Pattern.compile(
            "local(\\[(\\*|[1-9]\\d*)(,\\s*[1-9]\\d*)?])?|local-cluster\\[\\d+,\\s*\\d+,\\s*\\d+]"
                    + "|spark://[^\\s/:]+:\\d+(,[^\\s/:]+:\\d+)*|yarn|k8s://\\S+");

    private Preflight() {}

    /** Everything a run of {@code stages} needs before its Spark session starts. */
    static void beforeStages(WsssSettings settings, List<Stage> stages, boolean skipComplete) {
        master(settings);
        Supplier<Storage> storage = once(() -> CliStorage.of(settings));
        boolean indexRuns = stages.stream().anyMatch(s -> s.name().equals(IndexStage.NAME)
                && !(skipComplete && StageReport.isComplete(storage.get(), new RunLayout(settings.runRoot()),
                        IndexStage.NAME)));
        if (indexRuns) dataRoot(storage, settings.dataRoot());
        writableFolder(storage, "run root", settings.runRoot());
    }

    static void master(WsssSettings settings) {
        if (System.getProperty("spark.master") != null) return; // spark-submit chose and checked it
        String master = settings.spark().master();
        if (!MASTER.matcher(master).matches()) {
            throw new UserError("Spark master \"" + master + "\" is not a master URL: expected local, local[N],"
                    + " local[*], spark://HOST:PORT, yarn or k8s://URL (--master or wsss.spark.master)");
        }
    }

    /** A data root in the Oxford-IIIT Pet layout. Local folders are checked without starting Hadoop's file system. */
    static void dataRoot(Supplier<Storage> storage, String dataRoot) {
        PetLayout layout = new PetLayout(dataRoot);
        Path root = new Path(layout.dataRoot());
        Predicate<Path> exists = isLocal(root) ? p -> Files.exists(local(p)) : p -> storage.get().exists(p);
        Predicate<Path> isFolder = isLocal(root) ? p -> Files.isDirectory(local(p)) : p -> storage.get().isDirectory(p);
        if (!exists.test(root)) {
            throw new UserError("data root " + layout.dataRoot() + " does not exist (--data-root names the folder"
                    + " holding images/ and annotations/; `wsss prepare` or `wsss synth` writes one)");
        }
        if (!isFolder.test(root)) {
            throw new UserError("data root " + layout.dataRoot() + " is a file, not a folder");
        }
        for (PetLayout.Split split : PetLayout.Split.values()) {
            if (!exists.test(layout.splitFile(split))) {
                throw new UserError("data root " + layout.dataRoot() + " has no annotations/" + split.fileName
                        + " (run `wsss prepare` or `wsss synth` first)");
            }
        }
        if (!isFolder.test(layout.imagesDir())) {
            throw new UserError("data root " + layout.dataRoot() + " has no images/ folder");
        }
    }

    /** A folder the command will write into: created if missing, and proven writable by writing a file there. */
    static void writableFolder(Supplier<Storage> storage, String what, String location) {
        String uri = Storage.qualify(location);
        Path folder = new Path(uri);
        if (isLocal(folder)) {
            localWritableFolder(what, local(folder));
            return;
        }
        requireNotAFile(storage.get(), what, uri);
        Path probe = new Path(folder, ".wsss-write-check-" + UUID.randomUUID());
        try {
            storage.get().writeBytes(probe, new byte[0]);
            storage.get().deleteRecursively(probe);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + what + " " + uri, e);
        }
    }

    /** An output folder that may not exist yet: it must not be a file, and is created here to prove it can be. */
    static void outputFolder(Supplier<Storage> storage, String option, String location) {
        String uri = Storage.qualify(location);
        Path folder = new Path(uri);
        if (isLocal(folder)) {
            java.nio.file.Path local = local(folder);
            if (Files.exists(local) && !Files.isDirectory(local)) {
                throw new UserError(option + " " + location + " is a file; give a folder (it may be new)");
            }
            try {
                Files.createDirectories(local);
            } catch (IOException | SecurityException e) {
                throw new UserError(option + " " + location + " cannot be created (" + describe(e) + ")");
            }
            return;
        }
        requireNotAFile(storage.get(), option, uri);
    }

    private static void requireNotAFile(Storage storage, String what, String uri) {
        Path path = new Path(uri);
        if (storage.exists(path) && !storage.isDirectory(path)) {
            throw new UserError(what + " " + uri + " is a file; give a folder");
        }
    }

    private static void localWritableFolder(String what, java.nio.file.Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserError(what + " " + folder + " is a file; give a folder");
        }
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".wsss-write-check-", ""));
        } catch (IOException | SecurityException e) {
            throw new UserError(what + " " + folder + " is not writable (" + describe(e) + ")");
        }
    }

    private static String describe(Exception e) {
        String reason = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                ? fse.getFile() + ": " + fse.getReason() : String.valueOf(e.getMessage());
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied: " + reason : reason;
    }

    /** Made on first use only: Hadoop's configuration and file system take a while to start. */
    private static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private T made;

            @Override
            public T get() {
                if (made == null) made = make.get();
                return made;
            }
        };
    }

    static boolean isLocal(Path path) {
        return "file".equals(path.toUri().getScheme());
    }

    static java.nio.file.Path local(Path path) {
        return java.nio.file.Path.of(path.toUri());
    }
}
