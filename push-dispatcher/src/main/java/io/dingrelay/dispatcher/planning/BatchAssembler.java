package io.dingrelay.dispatcher.planning;

import io.dingrelay.events.push.DeliveryTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * Sorts a run's targets, as they stream in, into one open batch per partition and hands out full batches. Batch ids
 * ({@code <run>-p<partition>-<n>}) and the order batches fill up in depend only on the audience's order (by group id),
 * so a planner that takes over produces the same batches and can skip those already published.
 */
final class BatchAssembler {

    /** A full batch, numbered in the order batches filled up over the whole run. */
    record Full(int sequence, int partition, String batchId, List<DeliveryTarget> targets) {
    }

    private final String runId;
    private final int batchSize;
    private final List<List<DeliveryTarget>> open;
    private final int[] partitionSeq;
    private int sequence;
    private int total;

    BatchAssembler(String runId, int partitions, int batchSize) {
        this.runId = runId;
        this.batchSize = batchSize;
        this.open = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            open.add(new ArrayList<>(batchSize));
        }
        this.partitionSeq = new int[partitions];
    }

    /** Adds a target; a batch it fills goes to {@code full}. Answers the batch id the target is in. */
    String add(DeliveryTarget target, List<Full> full) {
        int p = Partitioning.partitionOf(target.groupId().value(), open.size());
        String batchId = batchId(p);
        List<DeliveryTarget> batch = open.get(p);
        batch.add(target);
        total++;
        if (batch.size() == batchSize) {
            full.add(close(p));
        }
        return batchId;
    }

    /** The batches still open, closed now (at the end of the audience). */
    List<Full> closeAll() {
        List<Full> out = new ArrayList<>();
        for (int p = 0; p < open.size(); p++) {
            if (!open.get(p).isEmpty()) {
                out.add(close(p));
            }
        }
        return out;
    }

    int total() {
        return total;
    }

    int batches() {
        return sequence;
    }

    private Full close(int p) {
        Full f = new Full(sequence++, p, batchId(p), List.copyOf(open.get(p)));
        open.get(p).clear();
        partitionSeq[p]++;
        return f;
    }

    private String batchId(int p) {
        return runId + "-p" + p + "-" + partitionSeq[p];
    }
}
