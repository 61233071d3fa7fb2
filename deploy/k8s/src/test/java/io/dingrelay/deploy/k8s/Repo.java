package io.dingrelay.deploy.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Paths of the repository the tests read: this module's kustomize tree and the services' sources. */
final class Repo {

    /** deploy/k8s (Maven runs tests in the module's directory). */
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.resolve("../..").normalize();
    static final Path BASE = MODULE.resolve("base");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    private Repo() {
    }

    static Path overlay(String name) {
        return MODULE.resolve("overlays").resolve(name);
    }

    static List<Map<String, Object>> render(String overlay) {
        return Kustomize.render(overlay(overlay));
    }

    static {
        if (!Files.isRegularFile(BASE.resolve("kustomization.yaml"))) {
            throw new IllegalStateException("run the tests from deploy/k8s (no base/kustomization.yaml in " + MODULE + ")");
        }
    }
}
