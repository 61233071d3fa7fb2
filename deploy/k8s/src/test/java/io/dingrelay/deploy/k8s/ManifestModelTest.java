package io.dingrelay.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every manifest, in the base files and in each rendered overlay, fits the model of its kind with no unknown field. */
class ManifestModelTest {

    @Test
    void everyBaseFileAndEveryRenderedOverlayFitsItsModel() throws Exception {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.BASE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).toList()) {
                Yaml.documents(file).forEach(d -> problems.addAll(ManifestModels.check(d)));
            }
        }
        for (String overlay : Repo.OVERLAYS) {
            List<Map<String, Object>> docs = Repo.render(overlay);
            assertThat(docs).as(overlay).hasSizeGreaterThan(20);
            docs.forEach(d -> problems.addAll(ManifestModels.check(d).stream().map(p -> overlay + ": " + p).toList()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aMisspelledFieldIsReportedWithItsPath() {
        Map<String, Object> deployment = Yaml.documents("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          readinesProbe: {httpGet: {path: /q/health/ready, port: 8080}}
                """).get(0);

        assertThat(ManifestModels.check(deployment)).singleElement().asString()
                .contains("Deployment/x.spec.template.spec.containers[0]").contains("unknown field 'readinesProbe'");
    }

    @Test
    void kedaTriggerMetadataMustBeStringsAndKnownKeys() {
        Map<String, Object> scaledObject = Yaml.documents("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: x}
                spec:
                  scaleTargetRef: {name: x}
                  maxReplicaCount: 3
                  triggers:
                    - type: kafka
                      metadata: {bootstrapServers: k:9092, consumerGroup: g, topic: t, lagThreshold: 5, lagTreshold: "5"}
                """).get(0);

        assertThat(ManifestModels.check(scaledObject)).anySatisfy(p -> assertThat(p).contains("lagThreshold: must be a string"))
                .anySatisfy(p -> assertThat(p).contains("unknown field 'lagTreshold'"));
    }

    @Test
    void cnpgClusterWithoutInstancesOrWithAStrayFieldIsRefused() {
        Map<String, Object> cluster = Yaml.documents("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: db}
                spec:
                  storage: {size: 1Gi}
                  replicas: 3
                """).get(0);

        assertThat(ManifestModels.check(cluster)).anySatisfy(p -> assertThat(p).contains("missing required field 'instances'"))
                .anySatisfy(p -> assertThat(p).contains("unknown field 'replicas'"));
    }

    @Test
    void aKindWithoutModelOrShapeIsRefused() {
        assertThat(ManifestModels.check(Yaml.documents("apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t}\n").get(0)))
                .singleElement().asString().contains("no model or CRD shape");
    }
}
