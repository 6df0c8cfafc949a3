package org.wsss.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.hadoop.fs.Path;
import org.wsss.io.Storage;

/**
 * Unpacks the dataset's tar archives into a data root. The real files are sometimes plain tar despite their
 * {@code .tar.gz} name, so compression is detected from the first bytes. Entries that would land outside the
 * data root (absolute paths, {@code ..}) and links are refused and named, never written.
 */
public final class ArchiveUnpacker {
    public static final String LEAVES_ROOT = "path leaves the data root";
    public static final String LINK_ENTRY = "link entry";

    public record Refused(String entry, String reason) {}

    public record Unpacked(String archive, int files, boolean gzip, List<Refused> refused) {}

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private final Storage storage;

    public ArchiveUnpacker(Storage storage) {
        this.storage = storage;
    }

    public Unpacked unpack(Path archive, String dataRoot) throws IOException {
        Path root = new Path(Storage.qualify(dataRoot));
        List<Refused> refused = new ArrayList<>();
        int files = 0;
        try (BufferedInputStream raw = new BufferedInputStream(storage.open(archive), 1 << 16)) {
            boolean gzip = isGzip(raw);
            InputStream content = gzip ? new GzipCompressorInputStream(raw, true) : raw;
            try (TarArchiveInputStream tar = new TarArchiveInputStream(content)) {
                TarArchiveEntry entry;
                while ((entry = nextEntry(tar, archive)) != null) {
                    String name = entry.getName();
                    if (entry.isSymbolicLink() || entry.isLink()) {
                        refused.add(new Refused(name, LINK_ENTRY));
                        continue;
                    }
                    String relative = safeRelativePath(name);
                    if (relative == null) {
                        refused.add(new Refused(name, LEAVES_ROOT));
                        continue;
                    }
                    if (relative.isEmpty()) continue;
                    Path target = new Path(root, relative);
                    if (entry.isDirectory()) {
                        storage.mkdirs(target);
                    } else if (entry.isFile()) {
                        try (OutputStream out = storage.create(target)) {
                            tar.transferTo(out);
                        }
                        files++;
                    }
                }
            }
            return new Unpacked(archive.toString(), files, gzip, refused);
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path archive) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(archive + " is not a tar or tar.gz archive (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
    }

    /** The entry's path below the root, normalised; null when it would escape the root. */
    static String safeRelativePath(String entryName) {
        String name = entryName.replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) return null;
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }
}
