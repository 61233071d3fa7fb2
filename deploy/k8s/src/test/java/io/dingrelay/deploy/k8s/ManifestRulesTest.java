package io.dingrelay.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the manifests must guarantee, in every overlay. */
class ManifestRulesTest {

    /** Names that hold secrets: they must come from a Secret, never from a ConfigMap or a literal. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|token|password|passwd|aes|app_key|crypto|credential).*");
    /** Values that look like one: access_token= in a webhook URL, a SEC… signing secret, base64 of 32 bytes. */
    /** CloudNativePG's cluster and the URL of its read-write Service: group 1 the scheme, group 2 the database. */
    private static final String DB_CLUSTER = "dingrelay-db";
    private static final Pattern DB_URL = Pattern.compile("(jdbc:postgresql|postgresql)://" + DB_CLUSTER + "-rw:5432/([a-z_][a-z0-9_]*)");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?s).*(access_token=|\\bSEC[0-9a-f]{20,}|[A-Za-z0-9+/]{43}=).*");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewayScalesToZeroOnConcurrencyAndIsReadyOnlyWhenHealthy(String overlay) {
        var ksvc = ManifestModels.read(KustomizeTest.find(Repo.render(overlay), "Service", "callback-gateway"),
                io.fabric8.knative.serving.v1.Service.class);
        Map<String, String> a = ksvc.getSpec().getTemplate().getMetadata().getAnnotations();

        assertThat(ksvc.getApiVersion()).isEqualTo("serving.knative.dev/v1");
        assertThat(a).containsEntry("autoscaling.knative.dev/min-scale", "0")
                .containsEntry("autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev")
                .containsEntry("autoscaling.knative.dev/metric", "concurrency");
        int target = Integer.parseInt(a.get("autoscaling.knative.dev/target"));
        int maxScale = Integer.parseInt(a.get("autoscaling.knative.dev/max-scale"));
        assertThat(maxScale).isGreaterThanOrEqualTo(2);
        assertThat(ksvc.getSpec().getTemplate().getSpec().getContainerConcurrency()).isGreaterThan(target);
        Container c = ksvc.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getName()).isIn("http1", "h2c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kedaScalesEachConsumerOnItsOwnGroupsLagUpToThePartitionCount(String overlay) {
        List<Map<String, Object>> docs = Repo.render(overlay);
        Workloads workloads = Workloads.of(docs);
        Set<String> scaled = new HashSet<>();
        for (Map<String, Object> so : docs.stream().filter(d -> "ScaledObject".equals(Resource.kind(d))).toList()) {
            Map<String, Object> spec = Resource.map(so, "spec");
            Workloads.Workload target = workloads.named((String) Resource.map(spec, "scaleTargetRef").get("name"));
            scaled.add(target.name());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> triggers = (List<Map<String, Object>>) spec.get("triggers");
            Map<String, String> groupOfTopic = triggers.stream().map(t -> Resource.map(t, "metadata"))
                    .collect(Collectors.toMap(m -> (String) m.get("topic"), m -> (String) m.get("consumerGroup")));

            // Each trigger is a topic the service consumes in this role, with the group id of that channel (a stale
            // trigger or a renamed group would scale on lag nobody reads). A channel without a trigger does not fail
            // here, so that a service owner adding one does not turn this module red; README says to add it.
            Map<String, String> consumed = ServiceChannels.incoming(Repo.ROOT.resolve(target.module())).stream()
                    .filter(in -> !target.systemPropertyIs("mp.messaging.incoming." + in.channel() + ".enabled", "false"))
                    .flatMap(in -> in.topics().stream().map(t -> Map.entry(t, in.groupId())))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(consumed).as(overlay + " " + Resource.id(so) + " triggers (topic -> group) are consumed by "
                    + target.module()).containsAllEntriesOf(groupOfTopic);

            int partitions = groupOfTopic.keySet().stream().mapToInt(t -> {
                assertThat(Topics.all()).as("topic %s of %s", t, Resource.id(so)).containsKey(t);
                return Topics.all().get(t);
            }).max().orElseThrow();
            assertThat(spec.get("maxReplicaCount")).as(overlay + " " + Resource.id(so) + " max = partitions").isEqualTo(partitions);
            assertThat((Integer) spec.get("minReplicaCount")).isBetween(0, partitions);
        }
        // Every consumer but the single planner is scaled by KEDA; the gateway by Knative.
        Set<String> consumers = workloads.all().stream()
                .filter(w -> w.kind().equals("Deployment") && !w.name().equals("push-dispatcher-api"))
                .map(Workloads.Workload::name).collect(Collectors.toSet());
        assertThat(scaled).isEqualTo(consumers);
        assertThat(KustomizeTest.find(docs, "ScaledObject", "push-dispatcher-senders").get("spec"))
                .asString().contains("minReplicaCount=0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasProbesOnQuarkusHealthAndLimitsAboveRequests(String overlay) {
        for (Workloads.Workload w : Workloads.of(Repo.render(overlay)).all()) {
            for (Container c : w.containers()) {
                String who = overlay + " " + w.name() + "/" + c.getName();
                assertThat(c.getReadinessProbe()).as(who + " readiness").isNotNull();
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(who).isEqualTo("/q/health/ready");
                assertThat(c.getLivenessProbe()).as(who + " liveness").isNotNull();
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(who).isEqualTo("/q/health/live");
                Map<String, Quantity> limits = c.getResources().getLimits();
                Map<String, Quantity> requests = c.getResources().getRequests();
                assertThat(limits).as(who + " limits").containsKeys("cpu", "memory");
                assertThat(requests).as(who + " requests").containsKeys("cpu", "memory");
                for (String r : List.of("cpu", "memory")) {
                    assertThat(Quantity.getAmountInBytes(requests.get(r)))
                            .as(who + " " + r + " request <= limit").isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(r)));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretIsInAConfigMapOrALiteral(String overlay) {
        List<Map<String, Object>> docs = Repo.render(overlay);
        for (Map<String, Object> d : docs.stream().filter(x -> "ConfigMap".equals(Resource.kind(x))).toList()) {
            ConfigMap cm = ManifestModels.read(d, ConfigMap.class);
            cm.getData().forEach((k, v) -> {
                assertThat(k).as("ConfigMap %s key", cm.getMetadata().getName()).doesNotMatch(SECRET_NAME);
                assertThat(v).as("ConfigMap %s value of %s", cm.getMetadata().getName(), k).doesNotMatch(SECRET_VALUE);
            });
        }
        assertThat(docs).as("Secrets are made by secrets/create-secrets.sh, never committed")
                .noneMatch(d -> "Secret".equals(Resource.kind(d)));
        for (Workloads.Workload w : Workloads.of(docs).all()) {
            for (EnvVar e : w.containers().get(0).getEnv()) {
                if (SECRET_NAME.matcher(e.getName()).matches()) {
                    assertThat(e.getValueFrom()).as(w.name() + " " + e.getName()).isNotNull();
                    assertThat(e.getValueFrom().getSecretKeyRef()).as(w.name() + " " + e.getName() + " from a Secret").isNotNull();
                }
                if (e.getValue() != null) {
                    assertThat(e.getValue()).as(w.name() + " " + e.getName()).doesNotMatch(SECRET_VALUE);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySecretKeyAWorkloadReadsIsMadeByTheSecretsScript(String overlay) throws Exception {
        String script = Files.readString(Repo.MODULE.resolve("secrets/create-secrets.sh"));
        for (Workloads.Workload w : Workloads.of(Repo.render(overlay)).all()) {
            Container c = w.containers().get(0);
            c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .map(e -> e.getValueFrom().getSecretKeyRef()).forEach(ref -> {
                        assertThat(script).as(w.name() + " reads Secret " + ref.getName()).contains("apply_secret " + ref.getName() + " ");
                        String block = script.substring(script.indexOf("apply_secret " + ref.getName() + " "));
                        block = block.substring(0, block.indexOf("\nEOT"));
                        assertThat(block).as(w.name() + " reads key " + ref.getKey() + " of " + ref.getName())
                                .contains("\n" + ref.getKey() + "=");
                    });
            c.getEnvFrom().forEach(from -> assertThat(script).as(w.name() + " envFrom " + from.getSecretRef().getName())
                    .contains("apply_secret " + from.getSecretRef().getName() + " "));
        }
        assertThat(script).contains("DINGRELAY_CRYPTO_ACTIVE_KEY=").contains("DINGRELAY_CRYPTO_KEYS_${KEY_ENV}=")
                .contains("DINGTALK_APPS_${APP_ENV}_APP_SECRET=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceWithADatabaseGetsItsDatasourceAndItsDatabaseFromTheManifests(String overlay) {
        List<Map<String, Object>> docs = Repo.render(overlay);
        // The databases CloudNativePG makes in dingrelay-db: the Cluster's initdb one and every Database object.
        Set<String> databases = new HashSet<>();
        for (Map<String, Object> d : docs) {
            if ("postgresql.cnpg.io".equals(Resource.group(d)) && "Cluster".equals(Resource.kind(d))
                    && DB_CLUSTER.equals(Resource.name(d))) {
                databases.add((String) Resource.map(Resource.map(Resource.map(d, "spec"), "bootstrap"), "initdb").get("database"));
            } else if ("postgresql.cnpg.io".equals(Resource.group(d)) && "Database".equals(Resource.kind(d))) {
                Map<String, Object> spec = Resource.map(d, "spec");
                assertThat(Resource.map(spec, "cluster").get("name")).as(Resource.id(d) + " cluster").isEqualTo(DB_CLUSTER);
                databases.add((String) spec.get("name"));
            }
        }
        Set<String> withDatabase = new HashSet<>();
        for (Workloads.Workload w : Workloads.of(docs).all()) {
            Properties props = ServiceProperties.load(Repo.ROOT.resolve(w.module()));
            if (props.getProperty("quarkus.datasource.db-kind") == null) {
                continue;
            }
            withDatabase.add(w.module());
            String who = overlay + " " + w.name() + " (" + w.module() + " declares quarkus.datasource.db-kind)";
            Map<String, EnvVar> env = w.containers().get(0).getEnv().stream()
                    .collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> b));
            assertThat(env.keySet()).as(who + " has a datasource URL")
                    .containsAnyOf("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL");
            // Each URL the service declares (its local-stack default) is overridden with the cluster's, on the same
            // database name, and that database is one CloudNativePG creates.
            for (String kind : List.of("reactive", "jdbc")) {
                String declared = props.getProperty("quarkus.datasource." + kind + ".url");
                EnvVar var = env.get("QUARKUS_DATASOURCE_" + kind.toUpperCase(java.util.Locale.ROOT) + "_URL");
                if (declared == null && var == null) {
                    continue;
                }
                assertThat(var).as(who + " sets its " + kind + " URL (declared: " + declared + ")").isNotNull();
                assertThat(var.getValue()).as(who + " " + var.getName()).isNotNull();
                java.util.regex.Matcher url = DB_URL.matcher(var.getValue());
                assertThat(url.matches()).as(who + " " + var.getName() + " = " + var.getValue() + " is on " + DB_CLUSTER + "-rw").isTrue();
                assertThat(databases).as(who + " database of " + var.getName() + " is made by CloudNativePG").contains(url.group(2));
                if (declared != null) {
                    assertThat(url.group(2)).as(who + " " + var.getName() + " names the database of " + declared)
                            .isEqualTo(declared.substring(declared.lastIndexOf('/') + 1).split("\\?")[0]);
                }
            }
            for (String part : List.of("USERNAME", "PASSWORD")) {
                EnvVar var = env.get("QUARKUS_DATASOURCE_" + part);
                assertThat(var).as(who + " QUARKUS_DATASOURCE_" + part).isNotNull();
                assertThat(var.getValueFrom().getSecretKeyRef().getName()).as(who + " " + var.getName()).isEqualTo("dingrelay-db-app");
            }
            assertThat(w.podLabels()).as(who + " may reach PostgreSQL (NetworkPolicy dingrelay-db-access)")
                    .containsEntry("dingrelay.io/db-client", "true");
        }
        assertThat(withDatabase).as("services with a database").contains("robot-registry", "push-dispatcher");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadHasADisruptionBudgetThatSelectsItsPods(String overlay) {
        List<Map<String, Object>> docs = Repo.render(overlay);
        List<PodDisruptionBudget> pdbs = docs.stream().filter(d -> "PodDisruptionBudget".equals(Resource.kind(d)))
                .map(d -> ManifestModels.read(d, PodDisruptionBudget.class)).toList();
        for (Workloads.Workload w : Workloads.of(docs).all()) {
            assertThat(pdbs).as(overlay + " PDB of " + w.name())
                    .anyMatch(p -> w.podLabels().entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewayIsReachableFromOutsideTheNamespace(String overlay) {
        List<Map<String, Object>> docs = Repo.render(overlay);
        List<NetworkPolicy> policies = docs.stream().filter(d -> "NetworkPolicy".equals(Resource.kind(d)))
                .map(d -> ManifestModels.read(d, NetworkPolicy.class)).toList();
        assertThat(policies).as("a default deny of all ingress").anyMatch(p -> (p.getSpec().getPodSelector().getMatchLabels() == null
                        || p.getSpec().getPodSelector().getMatchLabels().isEmpty())
                && p.getSpec().getPodSelector().getMatchExpressions().isEmpty()
                && p.getSpec().getPolicyTypes().contains("Ingress") && p.getSpec().getIngress().isEmpty());
        // Namespaces outside ours that may reach a non-gateway pod: Prometheus for /q/metrics and the CNPG operator.
        Set<String> operatorNamespaces = Set.of("monitoring", "cnpg-system");
        for (NetworkPolicy p : policies) {
            boolean gateway = "callback-gateway".equals(
                    p.getSpec().getPodSelector().getMatchLabels() == null ? null
                            : p.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
            p.getSpec().getIngress().forEach(rule -> {
                assertThat(rule.getFrom()).as(p.getMetadata().getName() + ": a rule without 'from' admits everyone").isNotEmpty();
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    assertThat(peer.getIpBlock()).as(p.getMetadata().getName() + " ipBlock").isNull();
                    if (peer.getNamespaceSelector() != null && !gateway) {
                        assertThat(peer.getNamespaceSelector().getMatchLabels())
                                .as(p.getMetadata().getName() + " admits another namespace")
                                .containsKey("kubernetes.io/metadata.name");
                        assertThat(operatorNamespaces).contains(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
                    }
                }
            });
        }
        assertThat(docs.stream().filter(d -> "Service".equals(Resource.kind(d)) && "v1".equals(Resource.apiVersion(d))))
                .as("no plain Service is exposed outside the cluster")
                .allSatisfy(s -> assertThat(Resource.map(s, "spec").getOrDefault("type", "ClusterIP")).isEqualTo("ClusterIP"));
        assertThat(docs).noneMatch(d -> "Ingress".equals(Resource.kind(d)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentsPreflightChecksItsSecretKeysAndTheTopicsItUsesWithThePartitionsOfTopics(String overlay) {
        for (Workloads.Workload w : Workloads.of(Repo.render(overlay)).all()) {
            if (!w.kind().equals("Deployment")) {
                continue; // the gateway: its cold start has no second to spare (README "Bad input")
            }
            Container c = w.containers().get(0);
            String args = c.getEnv().stream().filter(e -> e.getName().equals("PREFLIGHT_ARGS")).map(EnvVar::getValue)
                    .findFirst().orElseThrow(() -> new AssertionError(w.name() + " has no PREFLIGHT_ARGS"));
            List<String> words = List.of(args.split(" "));
            Map<String, Integer> topics = words.contains("--topics") ? java.util.Arrays.stream(
                    words.get(words.indexOf("--topics") + 1).split(",")).collect(Collectors.toMap(
                    t -> t.substring(0, t.indexOf('=')), t -> Integer.parseInt(t.substring(t.indexOf('=') + 1)))) : Map.of();
            Set<String> required = words.contains("--require-env")
                    ? Set.of(words.get(words.indexOf("--require-env") + 1).split(",")) : Set.of();

            // Partition counts are Topics' own; every topic is one the service uses in this role.
            topics.forEach((t, n) -> assertThat(n).as(overlay + " " + w.name() + " preflight " + t).isEqualTo(Topics.all().get(t)));
            Set<String> used = java.util.stream.Stream.concat(
                    ServiceChannels.incoming(Repo.ROOT.resolve(w.module())).stream(),
                    ServiceChannels.outgoing(Repo.ROOT.resolve(w.module())).stream())
                    .filter(in -> !w.systemPropertyIs("mp.messaging.incoming." + in.channel() + ".enabled", "false"))
                    .flatMap(in -> in.topics().stream()).collect(Collectors.toSet());
            assertThat(used).as(w.name() + " uses the topics its preflight checks").containsAll(topics.keySet());
            assertThat(topics).as(w.name() + " preflight checks topics").isNotEmpty();
            // Every Secret key the container reads, and the key ring's active key where it reads the ring.
            c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> assertThat(required).as(w.name() + " preflight requires " + e.getName()).contains(e.getName()));
            if (c.getEnvFrom().stream().anyMatch(f -> f.getSecretRef().getName().equals("dingrelay-keyring"))) {
                assertThat(required).as(w.name()).contains("DINGRELAY_CRYPTO_ACTIVE_KEY");
            }
        }
    }
}
