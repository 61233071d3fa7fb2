package io.dingrelay.deploy.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a manifest into its typed model: fabric8's Kubernetes model (7.6.1, the version the Quarkus BOM manages) for
 * built-in kinds, fabric8's Knative model for the Knative Service, Strimzi's API model for Kafka, KafkaNodePool and
 * KafkaTopic. Those models keep a field they do not know in {@code additionalProperties} instead of failing, so
 * {@link #check} walks the typed object and reports every such field: a typo ({@code readinesProbe}) or a field at
 * the wrong level fails the build like the API server would refuse it. KEDA and CloudNativePG have no Java model on
 * Maven Central; {@link CrdShapes} checks them against the fields of their CRDs that we use.
 */
public final class ManifestModels {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("serving.knative.dev/v1/Service", io.fabric8.knative.serving.v1.Service.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

    private ManifestModels() {
    }

    /** The model class of {@code apiVersion/kind}, if it has one here. */
    public static Optional<Class<?>> model(Map<String, Object> doc) {
        return Optional.ofNullable(MODELS.get(Resource.apiVersion(doc) + "/" + Resource.kind(doc)));
    }

    /** The typed object of a manifest that has a model ({@link #model}); fails naming the resource otherwise. */
    public static <T> T read(Map<String, Object> doc, Class<T> type) {
        try {
            return MAPPER.convertValue(doc, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Resource.id(doc) + " does not fit " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Every problem of one manifest: it has no model and no CRD shape, it does not convert, or it carries fields the
     * model does not know (as {@code path: field}).
     */
    public static List<String> check(Map<String, Object> doc) {
        List<String> problems = new ArrayList<>();
        Optional<Class<?>> model = model(doc);
        if (model.isPresent()) {
            try {
                walk(read(doc, model.get()), Resource.id(doc), problems, new IdentityHashMap<>());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        } else if (CrdShapes.has(doc)) {
            problems.addAll(CrdShapes.check(doc));
        } else {
            problems.add(Resource.id(doc) + ": no model or CRD shape for " + Resource.apiVersion(doc) + " " + Resource.kind(doc));
        }
        return problems;
    }

    private static void walk(Object node, String path, List<String> problems, Map<Object, Boolean> seen) {
        // Depth guard: a model class that builds a new object on every get must not recurse forever.
        if (node == null || seen.put(node, Boolean.TRUE) != null || path.length() > 1000) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                walk(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        String pkg = node.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getReturnType().isPrimitive() || getter.getDeclaringClass() == Object.class
                    || !getter.getName().startsWith("get")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (field.equals("additionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> problems.add(path + ": unknown field '" + k + "'"));
                }
            } else {
                walk(value, path + "." + field, problems, seen);
            }
        }
    }
}
