package io.dingrelay.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.events.Topics;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The KafkaTopics are events' Topics: same names, same partition counts, generated and committed. */
class TopicManifestsTest {

    private static final Path FILE = Repo.BASE.resolve("kafka/topics.yaml");

    @Test
    void theCommittedFileIsWhatTopicsGenerates() throws IOException {
        String generated = TopicManifests.render();
        if (System.getProperty("regenerate") != null) {
            Files.writeString(FILE, generated);
        }
        assertThat(Files.readString(FILE))
                .as("%s is stale: events' Topics or TopicPolicy changed; regenerate it: ./mvnw -q -B -pl deploy/k8s -am test"
                        + " -Dtest=TopicManifestsTest -Dsurefire.failIfNoSpecifiedTests=false -Dregenerate", FILE)
                .isEqualTo(generated);
    }

    @Test
    void everyOverlayCreatesEveryTopicWithThePartitionsOfTopics() {
        for (String overlay : Repo.OVERLAYS) {
            Map<String, Integer> partitions = Repo.render(overlay).stream()
                    .filter(d -> "KafkaTopic".equals(Resource.kind(d)))
                    .map(d -> ManifestModels.read(d, KafkaTopic.class))
                    .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), t -> t.getSpec().getPartitions()));

            assertThat(partitions).as(overlay).isEqualTo(Topics.all());
        }
    }

    @Test
    void productionKeepsTwoInSyncCopiesOfThreeAndDevOneOfOne() {
        for (String overlay : Repo.OVERLAYS) {
            int replicas = overlay.equals("prod") ? 3 : 1;
            Repo.render(overlay).stream().filter(d -> "KafkaTopic".equals(Resource.kind(d)))
                    .map(d -> ManifestModels.read(d, KafkaTopic.class))
                    .forEach(t -> {
                        assertThat(t.getSpec().getReplicas()).as(overlay + " " + t.getSpec().getTopicName()).isEqualTo(replicas);
                        assertThat(((Number) t.getSpec().getConfig().get("min.insync.replicas")).intValue())
                                .as(overlay + " " + t.getSpec().getTopicName()).isEqualTo(Math.max(1, replicas - 1));
                        assertThat(t.getSpec().getConfig()).containsKey("retention.ms");
                    });
        }
    }

    @Test
    void retryTopicsOutliveTheirDelayAndDeadLettersTheReplayWindow() {
        assertThat(TopicPolicy.retention(Topics.PUSH_RETRY_PREFIX + "15m")).isGreaterThan(java.time.Duration.ofMinutes(15));
        assertThat(TopicPolicy.retention(Topics.PUSH_DEAD_LETTER)).isGreaterThanOrEqualTo(java.time.Duration.ofDays(7));
        Topics.all().keySet().forEach(TopicPolicy::retention);
    }
}
