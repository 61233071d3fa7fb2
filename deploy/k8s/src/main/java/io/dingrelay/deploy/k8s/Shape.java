package io.dingrelay.deploy.k8s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small structural schema for custom resources without a Java model: which fields an object may have, which it
 * must have, and what type each value is. It reports, like the API server's OpenAPI validation would, unknown
 * fields, missing required ones and values of the wrong type (KEDA's trigger metadata must be strings, for one).
 */
abstract class Shape {

    abstract void check(Object value, String path, List<String> problems);

    static Shape string() {
        return leaf("a string", v -> v instanceof String);
    }

    static Shape integer() {
        return leaf("an integer", v -> v instanceof Integer || v instanceof Long);
    }

    static Shape bool() {
        return leaf("a boolean", v -> v instanceof Boolean);
    }

    /** A Kubernetes quantity: {@code "500m"}, {@code "1Gi"} or a plain number. */
    static Shape quantity() {
        return leaf("a quantity", v -> v instanceof Number
                || v instanceof String s && s.matches("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?"));
    }

    static Shape oneOf(String... values) {
        Set<String> allowed = Set.of(values);
        return leaf("one of " + allowed, allowed::contains);
    }

    /** Anything: a part of the CRD we do not use and so do not check. */
    static Shape any() {
        return leaf("anything", v -> true);
    }

    static Shape listOf(Shape item) {
        return new Shape() {
            @Override
            void check(Object value, String path, List<String> problems) {
                if (!(value instanceof List<?> list)) {
                    problems.add(path + ": must be a list");
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    item.check(list.get(i), path + "[" + i + "]", problems);
                }
            }
        };
    }

    static Shape mapOf(Shape value) {
        return new Shape() {
            @Override
            void check(Object v, String path, List<String> problems) {
                if (!(v instanceof Map<?, ?> map)) {
                    problems.add(path + ": must be a map");
                    return;
                }
                map.forEach((k, x) -> value.check(x, path + "." + k, problems));
            }
        };
    }

    static Obj obj() {
        return new Obj();
    }

    /** An object with known fields; any other field is a problem. */
    static final class Obj extends Shape {
        private final Map<String, Shape> fields = new LinkedHashMap<>();
        private final Set<String> required = new java.util.HashSet<>();

        Obj req(String name, Shape shape) {
            required.add(name);
            return opt(name, shape);
        }

        Obj opt(String name, Shape shape) {
            fields.put(name, shape);
            return this;
        }

        @Override
        void check(Object value, String path, List<String> problems) {
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(path + ": must be an object");
                return;
            }
            for (String name : required) {
                if (map.get(name) == null) {
                    problems.add(path + ": missing required field '" + name + "'");
                }
            }
            map.forEach((k, v) -> {
                Shape shape = fields.get(k);
                if (shape == null) {
                    problems.add(path + ": unknown field '" + k + "'");
                } else if (v != null) {
                    shape.check(v, path + "." + k, problems);
                }
            });
        }
    }

    private static Shape leaf(String what, java.util.function.Predicate<Object> test) {
        return new Shape() {
            @Override
            void check(Object value, String path, List<String> problems) {
                if (!test.test(value)) {
                    problems.add(path + ": must be " + what + ", is " + value);
                }
            }
        };
    }
}
