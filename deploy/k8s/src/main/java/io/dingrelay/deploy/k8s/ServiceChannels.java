package io.dingrelay.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Kafka consumers a service declares in its {@code application.properties}: channel, topics and consumer group.
 * The manifests' KEDA triggers and the cold-start benchmark read them from there, so a renamed group or a new
 * channel in a service shows up here instead of silently scaling on the wrong lag.
 */
public final class ServiceChannels {

    /** One {@code mp.messaging.incoming|outgoing.<channel>} of a service. */
    public record Incoming(String channel, List<String> topics, String groupId) {
    }

    private ServiceChannels() {
    }

    /** The Kafka consumers, in the order the file declares them. */
    public static List<Incoming> incoming(Path serviceModule) {
        return channels(serviceModule, "mp.messaging.incoming.");
    }

    /** The Kafka producers (their {@code groupId} is meaningless), in the order the file declares them. */
    public static List<Incoming> outgoing(Path serviceModule) {
        return channels(serviceModule, "mp.messaging.outgoing.");
    }

    private static List<Incoming> channels(Path serviceModule, String prefix) {
        Path file = ServiceProperties.file(serviceModule);
        Properties p = ServiceProperties.load(serviceModule);
        List<Incoming> out = new ArrayList<>();
        // In the order the file declares them: the benchmark feeds the first channel, the service's main one.
        Set<String> channels = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String key = line.strip().split("[=:\\s]", 2)[0];
                if (key.startsWith(prefix) && key.indexOf('.', prefix.length()) > 0) {
                    channels.add(key.substring(prefix.length(), key.indexOf('.', prefix.length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String channel : channels) {
            String base = prefix + channel + ".";
            if (!"smallrye-kafka".equals(p.getProperty(base + "connector"))) {
                continue;
            }
            String topics = p.getProperty(base + "topics", p.getProperty(base + "topic", channel));
            out.add(new Incoming(channel, Arrays.stream(topics.split(",")).map(String::trim).toList(),
                    p.getProperty(base + "group.id", p.getProperty("kafka.group.id", p.getProperty("quarkus.application.name")))));
        }
        return out;
    }
}
