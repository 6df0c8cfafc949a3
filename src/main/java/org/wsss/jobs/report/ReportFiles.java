package org.wsss.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.wsss.io.Storage;

/** Writes the report's files into its staging folder and remembers their names, relative to the page. */
final class ReportFiles {
    private final Storage storage;
    private final Path folder;
    private final List<String> written = new ArrayList<>();

    ReportFiles(Storage storage, Path folder) {
        this.storage = storage;
        this.folder = folder;
    }

    /** Writes {@code bytes} at {@code relative} (forward slashes, no {@code ..}) and returns that name. */
    String write(String relative, byte[] bytes) {
        try {
            storage.writeBytes(new Path(folder, relative), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report file " + relative, e);
        }
        written.add(relative);
        return relative;
    }

    Path folder() {
        return folder;
    }

    List<String> written() {
        return List.copyOf(written);
    }
}
