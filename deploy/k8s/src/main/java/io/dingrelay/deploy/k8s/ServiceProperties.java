package io.dingrelay.deploy.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A service module's own {@code src/main/resources/application.properties}, which the manifests must agree with. */
public final class ServiceProperties {

    private ServiceProperties() {
    }

    /** The service's properties as written (profile keys such as {@code %test.x} stay under their own names). */
    public static Properties load(Path serviceModule) {
        Path file = file(serviceModule);
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return p;
    }

    static Path file(Path serviceModule) {
        return serviceModule.resolve("src/main/resources/application.properties");
    }
}
