package io.dingrelay.deploy.k8s;

import java.util.Map;

/** Read-only helpers on a manifest held as a map: its apiVersion, kind, name and nested fields. */
public final class Resource {

    private Resource() {
    }

    public static String apiVersion(Map<String, Object> doc) {
        return (String) doc.get("apiVersion");
    }

    /** The API group: {@code apps} of {@code apps/v1}, empty for the core group ({@code v1}). */
    public static String group(Map<String, Object> doc) {
        String apiVersion = apiVersion(doc);
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public static String kind(Map<String, Object> doc) {
        return (String) doc.get("kind");
    }

    public static String name(Map<String, Object> doc) {
        Object name = map(doc, "metadata").get("name");
        return name == null ? null : name.toString();
    }

    /** {@code kind/name}, how errors name a resource. */
    public static String id(Map<String, Object> doc) {
        return kind(doc) + "/" + name(doc);
    }

    /** The nested map at {@code path}, or an empty map when a step is missing. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> doc, String... path) {
        Map<String, Object> current = doc;
        for (String step : path) {
            Object next = current.get(step);
            if (!(next instanceof Map)) {
                return Map.of();
            }
            current = (Map<String, Object>) next;
        }
        return current;
    }

    /** Kubernetes' built-in API groups, whose lists merge by key in a strategic merge patch (custom resources' do not). */
    public static boolean builtIn(Map<String, Object> doc) {
        String group = group(doc);
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }
}
