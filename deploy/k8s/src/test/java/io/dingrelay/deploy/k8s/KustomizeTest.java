package io.dingrelay.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeTest {

    @Test
    void overlaysRenderWithTheirNamespaceAndChanges() {
        List<Map<String, Object>> dev = Repo.render("dev");
        List<Map<String, Object>> prod = Repo.render("prod");

        assertThat(dev).allSatisfy(d -> assertThat(Resource.map(d, "metadata").get("namespace")).isEqualTo("dingrelay-dev"));
        assertThat(prod).allSatisfy(d -> assertThat(Resource.map(d, "metadata").get("namespace")).isEqualTo("dingrelay"));
        assertThat(dev).allSatisfy(d -> assertThat(Resource.map(d, "metadata", "labels"))
                .containsEntry("app.kubernetes.io/part-of", "dingrelay"));
        assertThat(Resource.map(find(dev, "KafkaNodePool", "dual-role"), "spec").get("replicas")).isEqualTo(1);
        assertThat(Resource.map(find(prod, "KafkaNodePool", "dual-role"), "spec").get("replicas")).isEqualTo(3);
        assertThat(Yaml.write(find(prod, "Deployment", "robot-registry")))
                .contains("image: \"registry.example.com/dingrelay/robot-registry:0.1.0-aot\"");
        assertThat(Yaml.write(find(dev, "Deployment", "robot-registry"))).contains("image: \"dingrelay/robot-registry:0.1.0\"");
        assertThat(dev).hasSameSizeAs(prod);
    }

    /** Where kubectl (which embeds kustomize) is installed, it must render exactly what our subset renders. */
    @Test
    void rendersWhatKubectlKustomizeRenders() throws Exception {
        Optional<Path> kubectl = onPath("kubectl");
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not on PATH: the cross-check with kustomize is skipped");
        for (String overlay : Repo.OVERLAYS) {
            Process p = new ProcessBuilder(kubectl.get().toString(), "kustomize", Repo.overlay(overlay).toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();

            assertThat(byId(Repo.render(overlay))).as(overlay).isEqualTo(byId(Yaml.documents(out)));
        }
    }

    @Test
    void refusesWhatTheSubsetDoesNotImplement(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\nconfigMapGenerator:\n  - name: x\n");

        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("'configMapGenerator' is not supported");
    }

    @Test
    void aPatchThatMatchesNothingFails(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [cm.yaml]\npatches:\n  - path: p.yaml\n");
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  x: y\n");

        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("ConfigMap/b matches no resource");
    }

    private static Map<String, Object> byId(List<Map<String, Object>> docs) {
        Map<String, Object> out = new TreeMap<>();
        docs.forEach(d -> out.put(Resource.apiVersion(d) + " " + Resource.id(d), normalised(d)));
        return out;
    }

    /** Map order aside (kustomize sorts keys), both must hold the same values. */
    @SuppressWarnings("unchecked")
    private static Object normalised(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put((String) k, normalised(v)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(KustomizeTest::normalised).toList();
        }
        return node;
    }

    static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(Resource.kind(d)) && name.equals(Resource.name(d))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
