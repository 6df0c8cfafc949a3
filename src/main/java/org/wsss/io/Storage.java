package org.wsss.io;

import java.io.ByteArrayOutputStream;
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

    public OutputStream create(Path path) throws IOException {
        return fs(path).create(path, true);
    }

    public void writeBytes(Path path, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs(path).create(path, true)) {
            out.write(bytes);
        }
    }

    /**
     * Writes a small file so that readers see either the old or the new content: write a sibling, then rename.
     * (Object stores rename by copy, but a reader still never sees a partial file.)
     */
    public void writeBytesAtomically(Path path, byte[] bytes) throws IOException {
        FileSystem fs = fs(path);
        Path temporary = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(temporary, true)) {
            out.write(bytes);
        }
        if (fs.exists(path)) fs.delete(path, false);
        if (!fs.rename(temporary, path)) {
            fs.delete(temporary, false);
            throw new IOException("cannot rename " + temporary + " to " + path);
        }
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

    public static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
