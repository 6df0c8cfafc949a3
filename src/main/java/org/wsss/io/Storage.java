package org.wsss.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * All file access goes through here, on the Hadoop FileSystem API, so that local paths, {@code file:},
 * {@code s3a:} and {@code hdfs:} URIs behave alike. Serializable: executors get their own copy.
 */
public final class Storage implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;

    public Storage(HadoopConf conf) {
        this.conf = conf;
    }

    public static Storage local() {
        return new Storage(new HadoopConf(new org.apache.hadoop.conf.Configuration()));
    }

    public HadoopConf hadoopConf() {
        return conf;
    }

    /**
     * Turns a user-given location into a fully qualified URI string. A location without a scheme is a local path,
     * made absolute here on the driver so executors in other working directories find the same place.
     */
    public static String qualify(String location) {
        URI uri = URI.create(location.replace(" ", "%20"));
        if (uri.getScheme() != null && uri.getScheme().length() > 1) return location;
        return java.nio.file.Path.of(location).toAbsolutePath().normalize().toUri().toString();
    }

    public static Path path(String root, String... parts) {
        Path p = new Path(root);
        for (String part : parts) p = new Path(p, part);
        return p;
    }

    public FileSystem fs(Path path) {
        try {
            FileSystem fs = path.getFileSystem(conf.get());
            if (fs instanceof ChecksumFileSystem local) {
                // Hidden .crc siblings would sit beside dataset files and go stale when other tools edit them.
                local.setWriteChecksum(false);
                local.setVerifyChecksum(false);
            }
            return fs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }

    public boolean exists(Path path) {
        try {
            return fs(path).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    public boolean isDirectory(Path path) {
        try {
            return fs(path).getFileStatus(path).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    public InputStream open(Path path) throws IOException {
        return fs(path).open(path);
    }

    public byte[] readBytes(Path path) throws IOException {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        }
    }

    public String readText(Path path) throws IOException {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    /** Plain files directly inside {@code dir} (not recursive); empty when the folder does not exist. */
    public List<FileStatus> listFiles(Path dir) throws IOException {
        FileSystem fs = fs(dir);
        List<FileStatus> files = new ArrayList<>();
        if (!fs.exists(dir)) return files;
        for (FileStatus status : fs.listStatus(dir)) {
            if (status.isFile()) files.add(status);
        }
        return files;
    }

    /** Folders directly inside {@code dir}; empty when the folder does not exist. */
    public List<Path> listDirectories(Path dir) throws IOException {
        FileSystem fs = fs(dir);
        List<Path> folders = new ArrayList<>();
        if (!fs.exists(dir)) return folders;
        for (FileStatus status : fs.listStatus(dir)) {
            if (status.isDirectory()) folders.add(status.getPath());
        }
        return folders;
    }

    public OutputStream create(Path path) throws IOException {
        return fs(path).create(path, true);
    }

    public void writeBytes(Path path, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs(path).create(path, true)) {
            out.write(bytes);
        }
    }

    /**
     * Writes a small file so that a reader (through {@link #readAtomicallyWritten}) sees either the old or the new
     * content, whenever a crash falls. The new content goes to a sibling first. Where the file system renames over
     * an existing file atomically (the local one), that is the whole story; elsewhere the old file is first moved
     * aside to a {@link #previousOf previous} sibling, which readers fall back to until the new file is in place.
     */
    public void writeBytesAtomically(Path path, byte[] bytes) throws IOException {
        FileSystem fs = fs(path);
        Path temporary = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(temporary, true)) {
            out.write(bytes);
        }
        Path previous = previousOf(path);
        if (renameOverLocally(fs, temporary, path)) {
            if (fs.exists(previous)) fs.delete(previous, false); // left by a crash mid-way through a fallback write
            return;
        }
        if (fs.exists(path)) {
            // Only now may the older fallback go: the current file still stands in for it.
            if (fs.exists(previous)) fs.delete(previous, false);
            if (!fs.rename(path, previous)) throw new IOException("cannot move " + path + " aside to " + previous);
        }
        if (!fs.rename(temporary, path)) {
            fs.delete(temporary, false);
            throw new IOException("cannot rename " + temporary + " to " + path);
        }
        fs.delete(previous, false);
    }

    private static boolean renameOverLocally(FileSystem fs, Path from, Path to) throws IOException {
        FileSystem raw = fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fs;
        if (!(raw instanceof org.apache.hadoop.fs.RawLocalFileSystem localRaw)) return false;
        java.nio.file.Files.move(localRaw.pathToFile(from).toPath(), localRaw.pathToFile(to).toPath(),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** Where {@link #writeBytesAtomically} keeps the old content while it moves the new into place. */
    static Path previousOf(Path path) {
        return new Path(path.getParent(), "." + path.getName() + ".previous");
    }

    /** Whether a file written by {@link #writeBytesAtomically} exists (or its old content, mid-replacement). */
    public boolean existsAtomicallyWritten(Path path) {
        return exists(path) || exists(previousOf(path));
    }

    /** The content of a file written by {@link #writeBytesAtomically}, old or new, even if a crash fell mid-write. */
    public byte[] readAtomicallyWritten(Path path) throws IOException {
        try {
            return readBytes(path);
        } catch (FileNotFoundException e) {
            Path previous = previousOf(path);
            if (!exists(previous)) throw e;
            return readBytes(previous);
        }
    }

    public String readTextAtomicallyWritten(Path path) throws IOException {
        return new String(readAtomicallyWritten(path), StandardCharsets.UTF_8);
    }

    public void writeTextAtomically(Path path, String text) throws IOException {
        writeBytesAtomically(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public void deleteRecursively(Path path) throws IOException {
        FileSystem fs = fs(path);
        if (fs.exists(path)) fs.delete(path, true);
    }

    public void mkdirs(Path path) throws IOException {
        fs(path).mkdirs(path);
    }

    /** Moves a finished folder into place, replacing what was there. */
    public void replaceDirectory(Path finished, Path target) throws IOException {
        FileSystem fs = fs(target);
        if (fs.exists(target)) fs.delete(target, true);
        fs.mkdirs(target.getParent());
        if (!fs.rename(finished, target)) throw new IOException("cannot move " + finished + " to " + target);
    }
}
