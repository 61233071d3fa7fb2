package io.dingrelay.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topic creation shared by {@link KafkaBroker} and testkit's {@code KafkaResource} (which may point at any cluster). */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /**
     * Creates the topics that do not exist yet (replication factor 1) and waits until every partition of every
     * asked topic has a leader, so a producer can write to them right away. An existing topic is left as it is,
     * even with another partition count.
     */
    public static void create(Admin admin, Map<String, Integer> partitionsByTopic, Duration timeout)
            throws InterruptedException, TimeoutException {
        if (partitionsByTopic.isEmpty()) {
            return;
        }
        Deadline deadline = Deadline.in(timeout);
        List<NewTopic> newTopics = new ArrayList<>();
        partitionsByTopic.forEach((name, partitions) -> {
            if (partitions == null || partitions < 1) {
                throw new IllegalArgumentException("Topic " + name + " needs at least one partition, got " + partitions);
            }
            newTopics.add(new NewTopic(name, partitions, (short) 1));
        });
        for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(newTopics).values().entrySet()) {
            try {
                created.getValue().get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + created.getKey(), e.getCause());
                }
            }
        }
        deadline.await("leaders of " + partitionsByTopic.keySet(), () -> {
            Map<String, TopicDescription> described = admin.describeTopics(partitionsByTopic.keySet())
                    .allTopicNames().get(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
            boolean allLed = described.values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            return allLed ? Boolean.TRUE : null;
        });
    }
}
