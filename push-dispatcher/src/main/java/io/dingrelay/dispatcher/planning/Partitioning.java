package io.dingrelay.dispatcher.planning;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of push.batches a target belongs to: Kafka's own key hash (murmur2, as its default partitioner)
 * of the group id, modulo the partition count. A batch holds targets of one partition only and its key is
 * {@code p<partition>}, so a group always reaches the same partition, and so the same sender, which holds its
 * robot's token bucket. Retries and dead letters keep the key, and with it the partition.
 */
public final class Partitioning {

    private static final String PREFIX = "p";

    private Partitioning() {
    }

    public static int partitionOf(String groupId, int partitions) {
        return Utils.toPositive(Utils.murmur2(groupId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public static String key(int partition) {
        return PREFIX + partition;
    }

    /** The partition a key of {@link #key} names; -1 (the producer's choice) for any other key. */
    public static int partitionOfKey(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(key.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
