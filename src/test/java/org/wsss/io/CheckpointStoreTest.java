package org.wsss.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    private CheckpointStore store(int keep) {
        return new CheckpointStore(Storage.local(), new org.apache.hadoop.fs.Path(dir.toUri()), keep);
    }

    @Test
    void latestIsTheLastCompleteSaveAndOldOnesArePruned() throws Exception {
        CheckpointStore store = store(2);
        assertTrue(store.latest().isEmpty());
        for (int round = 1; round <= 4; round++) {
            store.save(round, Map.of("epoch", round / 2, "loss", 1.0 / round),
                    Map.of("params.bin", ("params " + round).getBytes(StandardCharsets.UTF_8)));
        }
        CheckpointStore.Checkpoint latest = store.latest().orElseThrow();
        assertEquals(4, latest.round());
        assertEquals(2, ((Number) latest.state().get("epoch")).intValue());
        assertArrayEquals("params 4".getBytes(StandardCharsets.UTF_8), latest.files().get("params.bin"));
        assertEquals(List.of("round-000003", "round-000004"), store.names());
    }

    @Test
    void aCrashBeforeThePointerMovesLeavesThePreviousCheckpointLatest() throws Exception {
        CheckpointStore store = store(3);
        store.save(1, Map.of(), Map.of("params.bin", new byte[] {1}));
        // A crash while writing round 2: its folder exists, half written, the pointer untouched.
        Path half = Files.createDirectories(dir.resolve("round-000002"));
        Files.write(half.resolve("params.bin"), new byte[] {9, 9});
        assertEquals(1, store.latest().orElseThrow().round());
        // Resuming redoes round 2 and replaces the leftover.
        store.save(2, Map.of(), Map.of("params.bin", new byte[] {2}));
        assertArrayEquals(new byte[] {2}, store.latest().orElseThrow().files().get("params.bin"));
    }
}
