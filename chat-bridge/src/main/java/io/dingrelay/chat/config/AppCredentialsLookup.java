package io.dingrelay.chat.config;

import io.dingrelay.client.AppCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * The credentials of a configured DingTalk app ({@code dingtalk.apps.<name>.app-key} and {@code .app-secret},
 * design.md's configuration contract), needed for the OpenAPI fallback. An app without them cannot be answered
 * once its sessionWebhook expired.
 */
@ApplicationScoped
public class AppCredentialsLookup {

    private final Config config;
    private final Map<String, Optional<AppCredentials>> cache = new ConcurrentHashMap<>();

    public AppCredentialsLookup(Config config) {
        this.config = config;
    }

    public Optional<AppCredentials> of(String app) {
        return cache.computeIfAbsent(app, name -> {
            Optional<String> key = config.getOptionalValue("dingtalk.apps." + name + ".app-key", String.class);
            Optional<String> secret = config.getOptionalValue("dingtalk.apps." + name + ".app-secret", String.class);
            return key.isPresent() && secret.isPresent()
                    ? Optional.of(new AppCredentials(name, key.get(), secret.get()))
                    : Optional.empty();
        });
    }
}
