package io.dingrelay.testkit;

import java.util.Map;

/** Where a test resource gets its server from; decided once per JVM from the environment and system properties. */
enum Backend {
    /** A server someone else runs, named by an environment variable or system property. */
    EXTERNAL,
    /** Testcontainers (needs a Docker engine). */
    CONTAINERS,
    /** In-process broker / zonky PostgreSQL (the default). */
    EMBEDDED;

    static final String CONTAINERS_PROPERTY = "dingrelay.testkit.containers";
    static final String CONTAINERS_ENV = "DINGRELAY_TESTKIT_CONTAINERS";

    static boolean containersRequested(Map<String, String> env, Map<String, String> properties) {
        return "true".equalsIgnoreCase(firstSet(properties.get(CONTAINERS_PROPERTY), env.get(CONTAINERS_ENV)));
    }

    /** The first argument that is neither null nor blank, trimmed; null when none. */
    static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
