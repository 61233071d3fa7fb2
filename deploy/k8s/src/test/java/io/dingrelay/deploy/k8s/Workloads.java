package io.dingrelay.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pods a rendered overlay runs: each Deployment and the Knative Service, with labels and containers. */
record Workloads(List<Workload> all) {

    record Workload(String kind, String name, Map<String, String> podLabels, List<Container> containers) {

        /** The service module whose image the first container runs ({@code dingrelay/<module>}, any registry, any tag). */
        String module() {
            String image = containers.get(0).getImage();
            String last = image.substring(image.lastIndexOf('/') + 1);
            return last.contains(":") ? last.substring(0, last.indexOf(':')) : last;
        }

        /** {@code -D<key>=<value>} settings given to the JVM through JAVA_OPTS_APPEND. */
        boolean systemPropertyIs(String key, String value) {
            return containers.get(0).getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS_APPEND"))
                    .anyMatch(e -> (" " + e.getValue() + " ").contains(" -D" + key + "=" + value + " "));
        }
    }

    static Workloads of(List<Map<String, Object>> docs) {
        List<Workload> out = new ArrayList<>();
        for (Map<String, Object> d : docs) {
            if ("Deployment".equals(Resource.kind(d))) {
                Deployment dep = ManifestModels.read(d, Deployment.class);
                out.add(new Workload("Deployment", Resource.name(d), dep.getSpec().getTemplate().getMetadata().getLabels(),
                        dep.getSpec().getTemplate().getSpec().getContainers()));
            } else if ("serving.knative.dev".equals(Resource.group(d)) && "Service".equals(Resource.kind(d))) {
                var ksvc = ManifestModels.read(d, io.fabric8.knative.serving.v1.Service.class);
                out.add(new Workload("KnativeService", Resource.name(d), ksvc.getSpec().getTemplate().getMetadata().getLabels(),
                        ksvc.getSpec().getTemplate().getSpec().getContainers()));
            }
        }
        return new Workloads(out);
    }

    Workload named(String name) {
        return all.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no workload " + name));
    }
}
