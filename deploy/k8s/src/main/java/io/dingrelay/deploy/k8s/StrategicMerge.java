package io.dingrelay.deploy.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of Kubernetes' strategic merge patch our overlays use: maps merge key by key, {@code null} removes a key;
 * in built-in kinds a list of named objects (containers, env, volumes, ports…) merges by {@code name}; every other
 * list, and every list of a custom resource (kustomize has no schema for those), is replaced whole.
 */
final class StrategicMerge {

    private StrategicMerge() {
    }

    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> target, Map<String, Object> patch, boolean builtIn) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith("$")) {
                throw new IllegalArgumentException("patch directive " + key + " is not supported");
            }
            Object current = target.get(key);
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> pm && current instanceof Map<?, ?> cm) {
                apply((Map<String, Object>) cm, (Map<String, Object>) pm, builtIn);
            } else if (builtIn && value instanceof List<?> pl && current instanceof List<?> cl && named(pl) && named(cl)) {
                target.put(key, mergeByName((List<Object>) cl, (List<Object>) pl));
            } else {
                target.put(key, Yaml.copy(value));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeByName(List<Object> current, List<Object> patch) {
        List<Object> out = new ArrayList<>(current);
        for (Object p : patch) {
            Map<String, Object> item = (Map<String, Object>) p;
            Map<String, Object> existing = out.stream().map(o -> (Map<String, Object>) o)
                    .filter(o -> item.get("name").equals(o.get("name"))).findFirst().orElse(null);
            if (existing == null) {
                out.add(Yaml.copy(item));
            } else {
                apply(existing, item, true);
            }
        }
        return out;
    }

    private static boolean named(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(o -> o instanceof Map<?, ?> m && m.get("name") != null);
    }
}
