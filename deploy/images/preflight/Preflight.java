import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;

/**
 * A pod's preflight, run by the image's run-java.sh before the service when the pod sets {@code PREFLIGHT_ARGS}: the
 * container exits (so the pod never becomes ready and the rollout stops) while a Secret key its service needs is
 * missing or a topic it uses has fewer partitions than events' Topics says. Each problem is printed by name, never a
 * value, and is what {@code kubectl logs} shows.
 *
 * <p>{@code PREFLIGHT_ARGS="--require-env A,B --topics dingtalk.chat-messages=6,push.outcomes=12 [--timeout 120]"};
 * the broker is {@code KAFKA_BOOTSTRAP_SERVERS} (or {@code --bootstrap}). The counts are written into the manifests
 * from Topics and checked against it by deploy/k8s's ManifestRulesTest. Topics that do not exist yet (Strimzi still
 * creating them) or a broker not up yet are waited for until the timeout; too few partitions fail at once.
 * {@code DINGRELAY_CRYPTO_KEYS_<ID>} of the active key is required whenever {@code DINGRELAY_CRYPTO_ACTIVE_KEY} is set.
 * Plain Java on the service's own kafka-clients jar; compiled in the image build (a JRE has no source launcher).
 */
public class Preflight {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        List<String> problems = missingEnvironment(options.getOrDefault("--require-env", ""));
        if (!problems.isEmpty()) {
            fail(problems);
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String t : options.getOrDefault("--topics", "").split(",")) {
            if (!t.isBlank()) {
                expected.put(t.substring(0, t.indexOf('=')).trim(), Integer.parseInt(t.substring(t.indexOf('=') + 1).trim()));
            }
        }
        if (!expected.isEmpty()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(options.getOrDefault("--timeout", "120"))).toNanos();
            String bootstrap = options.getOrDefault("--bootstrap", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
            problems = topicProblems(bootstrap, expected, deadline);
            if (!problems.isEmpty()) {
                fail(problems);
            }
        }
        System.out.println("preflight: ok (" + expected.size() + " topics)");
    }

    static List<String> missingEnvironment(String required) {
        List<String> names = new ArrayList<>();
        for (String n : required.split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
        String active = System.getenv("DINGRELAY_CRYPTO_ACTIVE_KEY");
        if (active != null && !active.isBlank()) {
            names.add("DINGRELAY_CRYPTO_KEYS_" + active.trim().toUpperCase().replace('-', '_').replace('.', '_'));
        }
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            String v = System.getenv(n);
            if (v == null || v.isBlank()) {
                missing.add("missing " + n + " (a key of the Secret the pod reads it from)");
            }
        }
        return missing;
    }

    private static List<String> topicProblems(String bootstrap, Map<String, Integer> expected, long deadline) throws InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        List<String> problems = List.of("Kafka at " + bootstrap + " did not answer");
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                problems = new ArrayList<>();
                Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(expected.keySet()).topicNameValues();
                for (Map.Entry<String, Integer> e : expected.entrySet()) {
                    try {
                        TopicDescription d = described.get(e.getKey()).get(10, TimeUnit.SECONDS);
                        if (d.partitions().size() < e.getValue()) {
                            problems.add("topic " + e.getKey() + " has " + d.partitions().size()
                                    + " partitions, events' Topics expects at least " + e.getValue());
                        }
                    } catch (Exception ex) {
                        Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
                        problems.add("topic " + e.getKey() + ": " + cause.getClass().getSimpleName()
                                + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
                    }
                }
                // Too few partitions will not fix itself; a missing topic or an unreachable broker may.
                if (problems.isEmpty() || problems.stream().allMatch(s -> s.contains("partitions, events'"))) {
                    return problems;
                }
                System.out.println("preflight: waiting: " + String.join("; ", problems));
                Thread.sleep(2000);
            }
        }
        return problems;
    }

    private static void fail(List<String> problems) {
        problems.forEach(p -> System.out.println("preflight: NOT READY: " + p));
        System.exit(1);
    }
}
