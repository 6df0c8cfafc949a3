package org.wsss.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small file replaced "atomically" is never lost, wherever a crash falls. */
class StorageAtomicWriteTest {
    @TempDir
    Path dir;

    private final Storage storage = Storage.local();

    private org.apache.hadoop.fs.Path file() {
        return new org.apache.hadoop.fs.Path(dir.resolve("LATEST").toUri());
    }

    @Test
    void replacesInPlaceAndLeavesNoSiblings() throws Exception {
        storage.writeTextAtomically(file(), "round-000001");
        storage.writeTextAtomically(file(), "round-000002");
        assertEquals("round-000002", storage.readTextAtomicallyWritten(file()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary or previous file left behind");
        }
    }

    @Test
    void aCrashBetweenMovingTheOldAsideAndTheNewInLeavesTheOldReadable() throws Exception {
        storage.writeTextAtomically(file(), "round-000001");
        // Where renaming over is not atomic, the old file moves aside first; the crash falls right after that.
        Files.move(dir.resolve("LATEST"), dir.resolve(".LATEST.previous"));
        assertTrue(storage.existsAtomicallyWritten(file()));
        assertEquals("round-000001", storage.readTextAtomicallyWritten(file()));

        storage.writeTextAtomically(file(), "round-000002");
        assertEquals("round-000002", storage.readTextAtomicallyWritten(file()));
        assertFalse(Files.exists(dir.resolve(".LATEST.previous")), "the fallback goes once the new file is in");
    }

    @Test
    void aMissingFileIsMissing() {
        assertFalse(storage.existsAtomicallyWritten(file()));
    }
}
