package org.wsss.model.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How one batch is cut for a step: an even share per device (as even as whole samples allow), and each share cut
 * into the fewest micro-batches of at most {@code microBatchSize} samples, again as even as possible, since batch
 * statistics of a trainable batch norm are noisier the smaller the micro-batch.
 */
final class BatchSplit {
    private BatchSplit() {}

    /**
     * A run of consecutive samples of the batch trained together on one device.
     *
     * @param device index of the device in the trainer's device list
     * @param from first sample of the batch in this part
     * @param size samples in this part
     */
    record Part(int device, int from, int size) {}

    /** The parts of a batch of {@code batchSize}, in batch order; devices left without a sample get no part. */
    static List<Part> of(int batchSize, int devices, int microBatchSize) {
        if (batchSize < 1 || devices < 1 || microBatchSize < 1) {
            throw new IllegalArgumentException("batch size, devices and micro-batch size must be positive, got "
                    + batchSize + ", " + devices + ", " + microBatchSize);
        }
        List<Part> parts = new ArrayList<>();
        int from = 0;
        for (int device = 0; device < devices; device++) {
            int share = evenShare(batchSize, devices, device);
            int microBatches = (share + microBatchSize - 1) / microBatchSize;
            for (int micro = 0; micro < microBatches; micro++) {
                int size = evenShare(share, microBatches, micro);
                parts.add(new Part(device, from, size));
                from += size;
            }
        }
        return parts;
    }

    /** The size of piece {@code index} when {@code total} is cut into {@code pieces}: the first ones get the rest. */
    private static int evenShare(int total, int pieces, int index) {
        return total / pieces + (index < total % pieces ? 1 : 0);
    }
}
