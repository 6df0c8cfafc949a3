package org.wsss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartitionBatchesTest {
    @Test
    void pullsOneBatchAtATimeAndKeepsOrder() {
        AtomicInteger pulled = new AtomicInteger();
        Iterator<Integer> source = IntStream.range(0, 10).peek(i -> pulled.incrementAndGet()).boxed().iterator();
        List<Integer> batchSizes = new ArrayList<>();
        Iterator<Integer> out = PartitionBatches.map(source, 4, batch -> {
            batchSizes.add(batch.size());
            return batch.stream().map(i -> i * 10).toList();
        });
        assertEquals(0, pulled.get(), "nothing is read before the first result is asked for");
        assertEquals(0, out.next());
        assertTrue(pulled.get() <= 5, "only the first batch was read, pulled " + pulled.get());
        List<Integer> rest = new ArrayList<>();
        out.forEachRemaining(rest::add);
        assertEquals(List.of(10, 20, 30, 40, 50, 60, 70, 80, 90), rest);
        assertEquals(List.of(4, 4, 2), batchSizes);
    }

    @Test
    void emptyPartitionAndEmptyBatchResultsAreFine() {
        assertTrue(!PartitionBatches.map(List.<Integer>of().iterator(), 3, b -> b).hasNext());
        Iterator<Integer> skipping = PartitionBatches.map(List.of(1, 2, 3, 4).iterator(), 1,
                b -> b.get(0) % 2 == 0 ? b : List.of());
        List<Integer> kept = new ArrayList<>();
        skipping.forEachRemaining(kept::add);
        assertEquals(List.of(2, 4), kept);
    }
}
