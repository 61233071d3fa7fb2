package io.dingrelay.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dingrelay.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The container image files cannot be built here (no Docker engine, no GraalVM), so this checks what can be checked
 * without them: every path a Dockerfile copies exists or is the Quarkus output of an existing service, every image
 * the manifests run has a service behind it, and the native profile's configuration parses and registers every
 * payload record of {@code events} for reflection.
 */
class ContainerImagesTest {

    private static final Path IMAGES = Repo.ROOT.resolve("deploy/images");
    private static final Path REFLECT_CONFIG = IMAGES.resolve("native/reflect-config.json");
    /** COPY from the build context (not {@code --from=} another stage): sources and destination. */
    private static final Pattern COPY = Pattern.compile("(?m)^COPY (?!.*--from=)(?:--\\S+ )*(.+) (\\S+)$");

    @Test
    void everyPathADockerfileCopiesExistsForEveryService() throws IOException {
        List<String> services = services();
        assertThat(services).containsExactlyInAnyOrder("callback-gateway", "robot-registry", "chat-bridge",
                "push-dispatcher", "screenshot-worker");
        for (String dockerfile : List.of("jvm.Dockerfile", "aot.Dockerfile", "native.Dockerfile")) {
            String text = Files.readString(IMAGES.resolve(dockerfile));
            assertThat(text).as(dockerfile).startsWith("#").contains("\nFROM ").contains("ARG SERVICE").contains("ENTRYPOINT [");
            Matcher m = COPY.matcher(text);
            int copies = 0;
            while (m.find()) {
                for (String source : m.group(1).split(" ")) {
                    copies++;
                    for (String service : services) {
                        String path = source.replace("${SERVICE}", service);
                        if (path.contains("/target/")) {
                            // Build output: the module must exist and be a Quarkus application.
                            Path module = Repo.ROOT.resolve(path.substring(0, path.indexOf("/target/")));
                            assertThat(module.resolve("src/main/resources/application.properties")).as(dockerfile + " " + path).exists();
                        } else {
                            assertThat(Repo.ROOT.resolve(path)).as(dockerfile + " copies " + path).exists();
                        }
                    }
                }
            }
            assertThat(copies).as(dockerfile).isGreaterThan(0);
        }
        assertThat(IMAGES.resolve("run-java.sh")).isExecutable();
        assertThat(IMAGES.resolve("train-aot.sh")).isExecutable();
        assertThat(Files.readString(IMAGES.resolve("build.sh"))).contains("SERVICES=\"" + String.join(" ", services) + "\"");
    }

    @Test
    void everyImageTheManifestsRunIsAServiceModuleWithHealthChecks() throws IOException {
        for (String overlay : Repo.OVERLAYS) {
            for (Workloads.Workload w : Workloads.of(Repo.render(overlay)).all()) {
                Path module = Repo.ROOT.resolve(w.module());
                assertThat(module.resolve("pom.xml")).as(overlay + " " + w.name() + " runs " + w.module()).exists();
                assertThat(Files.readString(module.resolve("pom.xml"))).as(w.module() + " serves /q/health")
                        .contains("quarkus-smallrye-health");
            }
        }
    }

    @Test
    void theNativeProfileParsesAndPointsAtTheReflectionRegistrations() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Repo.ROOT.resolve("pom.xml").toFile());
        NodeList profiles = pom.getElementsByTagName("profile");
        Element nativeProfile = null;
        for (int i = 0; i < profiles.getLength(); i++) {
            Element p = (Element) profiles.item(i);
            if ("native".equals(p.getElementsByTagName("id").item(0).getTextContent())) {
                nativeProfile = p;
            }
        }
        assertThat(nativeProfile).as("a 'native' profile in the root pom").isNotNull();
        assertThat(nativeProfile.getElementsByTagName("quarkus.native.enabled").item(0).getTextContent()).isEqualTo("true");
        String args = nativeProfile.getElementsByTagName("quarkus.native.additional-build-args").item(0).getTextContent();
        assertThat(args).contains("-H:ReflectionConfigurationFiles=${maven.multiModuleProjectDirectory}/deploy/images/native/reflect-config.json");
        assertThat(REFLECT_CONFIG).exists();
    }

    /**
     * The registrations parse as GraalVM reflection configuration and name classes of {@code events}. They are not
     * compared with the records strictly: another engineer adding a record to {@code events} must not turn this
     * module red. {@code deploy/images/build.sh <service> native} regenerates the file before every native build
     * (this test with {@code -Dregenerate}), so a native image always registers the records of its own build.
     */
    @Test
    void reflectionRegistrationsParseAndNamePayloadRecordsOfEvents() throws Exception {
        if (System.getProperty("regenerate") != null) {
            Files.writeString(REFLECT_CONFIG, reflectConfig());
        }
        JsonNode parsed = new ObjectMapper().readTree(Files.readString(REFLECT_CONFIG));
        assertThat(parsed.isArray()).isTrue();
        assertThat(parsed).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry.get("name").asText()).startsWith("io.dingrelay.events.");
            assertThat(entry.get("allDeclaredConstructors").asBoolean()).isTrue();
        });
        assertThat(reflectConfig()).as("the generator finds the records").contains("\"io.dingrelay.events.chat.ChatMessage$Sender\"");
        assertThat(Files.readString(IMAGES.resolve("build.sh"))).contains("-Dtest=ContainerImagesTest").contains("-Dregenerate");
    }

    private static String reflectConfig() throws Exception {
        Path location = Path.of(Topics.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // events/target/classes in `test`, events' jar from `package` on (verify).
        java.nio.file.FileSystem jar = Files.isDirectory(location) ? null : java.nio.file.FileSystems.newFileSystem(location);
        Path classes = jar == null ? location : jar.getPath("/");
        TreeSet<String> names = new TreeSet<>();
        try (jar; Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.startsWith("META-INF") || name.equals("module-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, Topics.class.getClassLoader());
                if (type.isRecord() || type.isEnum()) {
                    names.add(name);
                }
            }
        }
        List<String> entries = new ArrayList<>();
        for (String name : names) {
            entries.add("  {\"name\": \"" + name + "\", \"allDeclaredConstructors\": true, \"allDeclaredMethods\": true, "
                    + "\"allDeclaredFields\": true, \"allPublicMethods\": true}");
        }
        return "[\n" + String.join(",\n", entries) + "\n]\n";
    }

    private static List<String> services() {
        return Workloads.of(Repo.render("prod")).all().stream().map(Workloads.Workload::module).distinct().toList();
    }

}
