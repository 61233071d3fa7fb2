package io.dingrelay.deploy.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of kustomize this repository uses:
 * {@code resources} (files and directories), {@code namespace}, {@code labels} (metadata only), {@code images}
 * and strategic-merge {@code patches} (optionally with a {@code target}).
 *
 * <p>Why our own: there is no kustomize renderer for Java on Maven Central, and the build must not depend on a
 * binary (kustomize is not installed; {@code kubectl} may not be on a CI machine). Any other kustomize field makes
 * {@link #render} fail, so the subset cannot silently render something kustomize would not. Where {@code kubectl}
 * is present, {@code KustomizeTest} checks that both render the same objects.
 */
public final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "images", "patches");

    private Kustomize() {
    }

    /** The objects the kustomization in {@code dir} renders to, in the order of their resources. */
    public static List<Map<String, Object>> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        }
        Map<String, Object> k = Yaml.documents(file).get(0);
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(file + ": kustomize field '" + key + "' is not supported by this "
                        + "renderer (supported: " + SUPPORTED + ")");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object entry : list(k.get("resources"))) {
            Path path = dir.resolve(entry.toString()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else {
                objects.addAll(Yaml.documents(path));
            }
        }
        for (Object p : list(k.get("patches"))) {
            patch(objects, dir, map(p));
        }
        if (k.get("namespace") instanceof String namespace) {
            objects.forEach(o -> metadata(o).put("namespace", namespace));
        }
        for (Object l : list(k.get("labels"))) {
            Map<String, Object> labels = map(l);
            if (Boolean.TRUE.equals(labels.get("includeSelectors")) || Boolean.TRUE.equals(labels.get("includeTemplates"))) {
                throw new IllegalArgumentException(file + ": labels with includeSelectors/includeTemplates are not supported");
            }
            objects.forEach(o -> childMap(metadata(o), "labels").putAll(map(labels.get("pairs"))));
        }
        for (Object i : list(k.get("images"))) {
            Map<String, Object> image = map(i);
            objects.forEach(o -> retag(o, image));
        }
        return objects;
    }

    private static void patch(List<Map<String, Object>> objects, Path dir, Map<String, Object> patch) {
        if (patch.get("patch") != null || patch.get("path") == null) {
            throw new IllegalArgumentException("only patches given by path are supported: " + patch);
        }
        Path file = dir.resolve(patch.get("path").toString());
        Map<String, Object> target = map(patch.get("target"));
        for (Map<String, Object> doc : Yaml.documents(file)) {
            int applied = 0;
            for (Map<String, Object> object : objects) {
                if (target.isEmpty() ? sameObject(object, doc) : matches(object, target)) {
                    Map<String, Object> body = Yaml.copy(doc);
                    if (!target.isEmpty()) {
                        // With a target, the patch's own kind and name only fill the file's required fields.
                        body.remove("apiVersion");
                        body.remove("kind");
                        map(body.get("metadata")).remove("name");
                    }
                    StrategicMerge.apply(object, body, Resource.builtIn(object));
                    applied++;
                }
            }
            if (applied == 0) {
                throw new IllegalArgumentException(file + ": the patch of " + Resource.id(doc) + " matches no resource");
            }
        }
    }

    private static boolean sameObject(Map<String, Object> object, Map<String, Object> patch) {
        return Resource.group(object).equals(Resource.group(patch)) && Resource.kind(object).equals(Resource.kind(patch))
                && Resource.name(object).equals(Resource.name(patch));
    }

    private static boolean matches(Map<String, Object> object, Map<String, Object> target) {
        for (Map.Entry<String, Object> e : target.entrySet()) {
            String actual = switch (e.getKey()) {
                case "group" -> Resource.group(object);
                case "kind" -> Resource.kind(object);
                case "name" -> Resource.name(object);
                case "version" -> Resource.apiVersion(object).substring(Resource.apiVersion(object).indexOf('/') + 1);
                default -> throw new IllegalArgumentException("patch target field '" + e.getKey() + "' is not supported");
            };
            if (!Pattern.matches(e.getValue().toString(), actual)) {
                return false;
            }
        }
        return true;
    }

    /** kustomize's image transformer: every {@code containers}/{@code initContainers} entry anywhere in the object. */
    @SuppressWarnings("unchecked")
    private static void retag(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (Map.Entry<String, Object> e : map.entrySet()) {
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue() instanceof List<?> cs) {
                    for (Object c : cs) {
                        Map<String, Object> container = (Map<String, Object>) c;
                        if (container.get("image") instanceof String ref) {
                            container.put("image", retagged(ref, image));
                        }
                    }
                } else {
                    retag(e.getValue(), image);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(v -> retag(v, image));
        }
    }

    private static String retagged(String ref, Map<String, Object> image) {
        int at = ref.indexOf('@');
        String withoutDigest = at < 0 ? ref : ref.substring(0, at);
        int colon = withoutDigest.lastIndexOf(':');
        String name = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
        String tag = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(colon + 1) : null;
        if (!name.equals(image.get("name"))) {
            return ref;
        }
        String newName = image.get("newName") != null ? image.get("newName").toString() : name;
        String newTag = image.get("newTag") != null ? image.get("newTag").toString() : tag;
        if (image.get("digest") != null) {
            throw new IllegalArgumentException("images with digest are not supported: " + image);
        }
        return newTag == null ? newName : newName + ":" + newTag;
    }

    private static Map<String, Object> metadata(Map<String, Object> object) {
        return childMap(object, "metadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> childMap(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, x -> new LinkedHashMap<String, Object>());
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }
}
