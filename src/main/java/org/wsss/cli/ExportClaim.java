package org.wsss.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.wsss.io.Storage;

/**
 * Marks a folder as one run's export of one method ({@code _export.json}), so that exporting again replaces only
 * files an export of that run and method wrote, and any other folder with files in it is refused.
 */
final class ExportClaim {
    static final String FILE = "_export.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportClaim() {}

    /** Refuses a folder holding anything but an earlier export of this run and method; writes nothing. */
    static void check(Storage storage, Path folder, String runRoot, String method) throws IOException {
        Path marker = new Path(folder, FILE);
        if (storage.exists(marker)) {
            Map<?, ?> theirs = JSON.readValue(storage.readText(marker), Map.class);
            if (!marker(runRoot, method).equals(theirs)) {
                throw new UserError("--out folder " + folder + " holds the " + theirs.get("method") + " export of "
                        + theirs.get("run_root") + "; give another --out, or remove that folder to replace it");
            }
            return;
        }
        if (storage.isDirectory(folder) && !storage.listFiles(folder).isEmpty()) {
            FileStatus first = storage.listFiles(folder).get(0);
            throw new UserError("--out folder " + folder + " already holds files export-masks did not write (such as "
                    + first.getPath().getName() + "); give an empty or new --out");
        }
    }

    /** Marks the folder as this run's export of the method, before any mask is written into it. */
    static void claim(Storage storage, Path folder, String runRoot, String method) throws IOException {
        check(storage, folder, runRoot, method);
        storage.mkdirs(folder);
        storage.writeTextAtomically(new Path(folder, FILE), JSON.writeValueAsString(marker(runRoot, method)));
    }

    private static Map<String, String> marker(String runRoot, String method) {
        return Map.of("run_root", runRoot, "method", method);
    }
}
