package org.wsss.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSplitTest {

    @Test
    void devicesGetEvenSharesCutIntoEvenMicroBatches() {
        assertEquals(List.of(new BatchSplit.Part(0, 0, 3), new BatchSplit.Part(0, 3, 3), new BatchSplit.Part(0, 6, 2),
                new BatchSplit.Part(1, 8, 3), new BatchSplit.Part(1, 11, 3), new BatchSplit.Part(1, 14, 2)),
                BatchSplit.of(16, 2, 3));
        assertEquals(List.of(new BatchSplit.Part(0, 0, 2), new BatchSplit.Part(0, 2, 2)), BatchSplit.of(4, 1, 2));
    }

    @Test
    void wholeBatchesAndSpareDevices() {
        assertEquals(List.of(new BatchSplit.Part(0, 0, 5)), BatchSplit.of(5, 1, 16));
        // Three samples over four devices: the last device gets nothing.
        assertEquals(List.of(new BatchSplit.Part(0, 0, 1), new BatchSplit.Part(1, 1, 1), new BatchSplit.Part(2, 2, 1)),
                BatchSplit.of(3, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> BatchSplit.of(4, 1, 0));
    }
}
