package io.dingrelay.deploy.k8s;

import static io.dingrelay.deploy.k8s.Shape.any;
import static io.dingrelay.deploy.k8s.Shape.bool;
import static io.dingrelay.deploy.k8s.Shape.integer;
import static io.dingrelay.deploy.k8s.Shape.listOf;
import static io.dingrelay.deploy.k8s.Shape.mapOf;
import static io.dingrelay.deploy.k8s.Shape.obj;
import static io.dingrelay.deploy.k8s.Shape.oneOf;
import static io.dingrelay.deploy.k8s.Shape.quantity;
import static io.dingrelay.deploy.k8s.Shape.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CRD shapes of KEDA ({@code keda.sh/v1alpha1 ScaledObject}, as of KEDA 2.14-2.17) and CloudNativePG
 * ({@code postgresql.cnpg.io/v1 Cluster} and {@code Database}, 1.25+), written from their CRDs' OpenAPI schemas for
 * the fields we use and their siblings. Fields we do not use at all are allowed as {@link Shape#any()} where the CRD
 * has them, so a manifest that uses them is not refused; unknown fields are.
 */
final class CrdShapes {

    private static final Shape METADATA = obj().req("name", string()).opt("namespace", string())
            .opt("labels", mapOf(string())).opt("annotations", mapOf(string()));

    private static final Shape RESOURCES = obj().opt("requests", mapOf(quantity())).opt("limits", mapOf(quantity()));

    /** KEDA's Apache Kafka scaler metadata (https://keda.sh/docs/2.14/scalers/apache-kafka/): every value a string. */
    private static final Shape KAFKA_TRIGGER_METADATA = obj()
            .req("bootstrapServers", string()).req("consumerGroup", string()).opt("topic", string())
            .opt("lagThreshold", string()).opt("activationLagThreshold", string())
            .opt("offsetResetPolicy", oneOf("earliest", "latest")).opt("allowIdleConsumers", oneOf("true", "false"))
            .opt("scaleToZeroOnInvalidOffset", oneOf("true", "false")).opt("excludePersistentLag", oneOf("true", "false"))
            .opt("limitToPartitionsWithLag", oneOf("true", "false")).opt("partitionLimitation", string())
            .opt("version", string()).opt("sasl", string()).opt("tls", string())
            .opt("ensureEvenDistributionOfPartitions", oneOf("true", "false"));

    private static final Shape TRIGGER = new Shape() {
        private final Shape generic = obj().req("type", string()).opt("name", string()).req("metadata", mapOf(string()))
                .opt("authenticationRef", obj().req("name", string()).opt("kind", string()))
                .opt("metricType", oneOf("AverageValue", "Value", "Utilization")).opt("useCachedMetrics", bool());

        @Override
        void check(Object value, String path, List<String> problems) {
            generic.check(value, path, problems);
            if (value instanceof Map<?, ?> m && "kafka".equals(m.get("type")) && m.get("metadata") != null) {
                KAFKA_TRIGGER_METADATA.check(m.get("metadata"), path + ".metadata", problems);
            }
        }
    };

    private static final Shape SCALED_OBJECT = obj().req("apiVersion", string()).req("kind", string())
            .req("metadata", METADATA)
            .req("spec", obj()
                    .req("scaleTargetRef", obj().req("name", string()).opt("apiVersion", string()).opt("kind", string())
                            .opt("envSourceContainerName", string()))
                    .opt("pollingInterval", integer()).opt("initialCooldownPeriod", integer())
                    .opt("cooldownPeriod", integer()).opt("idleReplicaCount", integer())
                    .opt("minReplicaCount", integer()).opt("maxReplicaCount", integer())
                    .opt("fallback", obj().req("failureThreshold", integer()).req("replicas", integer())
                            .opt("behavior", string()))
                    .opt("advanced", any())
                    .req("triggers", listOf(TRIGGER)));

    private static final Shape CLUSTER = obj().req("apiVersion", string()).req("kind", string())
            .req("metadata", METADATA)
            .req("spec", obj()
                    .req("instances", integer()).opt("imageName", string()).opt("description", string())
                    .opt("primaryUpdateStrategy", oneOf("unsupervised", "supervised"))
                    .opt("primaryUpdateMethod", oneOf("switchover", "restart"))
                    .opt("enablePDB", bool()).opt("enableSuperuserAccess", bool())
                    .opt("superuserSecret", obj().req("name", string()))
                    .req("storage", obj().opt("size", quantity()).opt("storageClass", string())
                            .opt("resizeInUseVolumes", bool()).opt("pvcTemplate", any()))
                    .opt("walStorage", any())
                    .opt("bootstrap", obj()
                            .opt("initdb", obj().opt("database", string()).opt("owner", string())
                                    .opt("secret", obj().req("name", string()))
                                    .opt("encoding", string()).opt("localeCollate", string()).opt("localeCType", string())
                                    .opt("postInitSQL", listOf(string())).opt("postInitApplicationSQL", listOf(string())))
                            .opt("recovery", any()).opt("pg_basebackup", any()))
                    .opt("postgresql", obj().opt("parameters", mapOf(string())).opt("pg_hba", listOf(string())))
                    .opt("resources", RESOURCES)
                    .opt("affinity", any()).opt("monitoring", any()).opt("backup", any())
                    .opt("managed", any()).opt("certificates", any()));

    private static final Shape DATABASE = obj().req("apiVersion", string()).req("kind", string())
            .req("metadata", METADATA)
            .req("spec", obj().req("name", string()).req("owner", string())
                    .req("cluster", obj().req("name", string()))
                    .opt("ensure", oneOf("present", "absent"))
                    .opt("databaseReclaimPolicy", oneOf("retain", "delete"))
                    .opt("encoding", string()).opt("template", string()));

    private static final Map<String, Shape> SHAPES = Map.of(
            "keda.sh/v1alpha1/ScaledObject", SCALED_OBJECT,
            "postgresql.cnpg.io/v1/Cluster", CLUSTER,
            "postgresql.cnpg.io/v1/Database", DATABASE);

    private CrdShapes() {
    }

    static boolean has(Map<String, Object> doc) {
        return SHAPES.containsKey(Resource.apiVersion(doc) + "/" + Resource.kind(doc));
    }

    static List<String> check(Map<String, Object> doc) {
        List<String> problems = new ArrayList<>();
        SHAPES.get(Resource.apiVersion(doc) + "/" + Resource.kind(doc)).check(doc, Resource.id(doc), problems);
        return problems;
    }
}
