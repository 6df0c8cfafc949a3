package org.wsss.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.wsss.io.Storage;

/**
 * Keeps the stack trace of a failed command in {@code RUN_ROOT/_logs/}, where it waits for whoever investigates,
 * while the terminal gets one line. Best effort: a run root that cannot be written gets no log.
 */
final class FailureLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private FailureLog() {}

    /** The log's URI, or empty when none could (or should) be written. */
    static Optional<String> write(Supplier<Storage> storage, String runRoot, String command, Throwable thrown,
                                  Failure failure) {
        Path folder = Storage.path(Storage.qualify(runRoot), "_logs");
        // When storage itself failed, writing there would wait out the same timeouts again.
        if (failure.storage() && !"file".equals(folder.toUri().getScheme())) return Optional.empty();
        Instant now = Instant.now();
        Path log = new Path(folder, STAMP.format(now) + "-" + command + ".log");
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            out.println("wsss " + command + " failed at " + now);
            out.println("wsss: error: " + failure.message());
            out.println();
            thrown.printStackTrace(out);
        }
        try {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (Preflight.isLocal(folder)) {
                // Plain files need no Hadoop file system, whose start-up would delay the error line.
                Files.createDirectories(Preflight.local(folder));
                Files.write(Preflight.local(log), bytes);
            } else {
                storage.get().mkdirs(folder);
                storage.get().writeBytes(log, bytes);
            }
            return Optional.of(log.toString());
        } catch (Exception | LinkageError e) {
            return Optional.empty();
        }
    }
}
