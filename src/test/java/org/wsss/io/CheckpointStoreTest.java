package org.wsss.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void aLostPointerFallsBackToTheNewestCompleteCheckpoint() throws Exception {
        CheckpointStore training = store(3).forTraining("aaaaaaaaaaaaaaaa", false);
        training.save(1, Map.of(), Map.of("params.bin", new byte[] {1}));
        training.save(2, Map.of(), Map.of("params.bin", new byte[] {2}));
        String run = training.latest().orElseThrow().name().split("/")[0];
        // Round 3 crashed before its state.json; the pointer was lost too.
        Path half = Files.createDirectories(dir.resolve(run).resolve("round-000003"));
        Files.write(half.resolve("params.bin"), new byte[] {9});
        Files.delete(dir.resolve(CheckpointStore.POINTER));
        CheckpointStore.Checkpoint found = store(3).latest().orElseThrow();
        assertEquals(run + "/round-000002", found.name());
        assertArrayEquals(new byte[] {2}, found.files().get("params.bin"));
    }

    @Test
    void aChangedFingerprintTrainsIntoANewRunAndTheOldOneStaysUntilItFinishes() throws Exception {
        CheckpointStore first = store(2).forTraining("1111111111111111", false);
        first.save(1, Map.of(), Map.of("params.bin", new byte[] {1}));
        String firstId = store(2).latest().orElseThrow().name();

        CheckpointStore sameInputs = store(2).forTraining("1111111111111111", true);
        assertEquals(firstId, sameInputs.latest().orElseThrow().name(), "--resume continues the same run");

        CheckpointStore changed = store(2).forTraining("2222222222222222", true);
        assertTrue(changed.latest().isEmpty(), "other inputs: nothing to resume");
        Thread.sleep(5); // run folders are named by their start, to the millisecond
        changed.save(1, Map.of(), Map.of("params.bin", new byte[] {2}));
        String secondId = store(2).latest().orElseThrow().name();
        assertTrue(secondId.endsWith("-222222222222/round-000001"), secondId);
        assertEquals("2222222222222222", store(2).latest().orElseThrow().state().get(CheckpointStore.FINGERPRINT));
        assertTrue(Files.isDirectory(dir.resolve(firstId)), "kept until the new run finishes");
        changed.finish();
        assertFalse(Files.exists(dir.resolve(firstId.split("/")[0])));
        assertTrue(Files.isDirectory(dir.resolve(secondId)));
    }
}
