package io.dingrelay.gateway.config;

import io.dingrelay.protocol.net.CidrBlock;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.messaging.config.DingTalkAppsConfig;
import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.CallbackCryptoException;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The configured apps, validated once at start-up. An invalid app stops the gateway with one message listing every
 * problem by its configuration key (never its value: most of them are secrets).
 */
@Startup
@ApplicationScoped
public class AppRegistry {

    private static final Logger LOG = Logger.getLogger(AppRegistry.class);

    /**
     * App names appear in URL paths, metric tags and environment variable names ({@code DINGTALK_APPS_<NAME>_…}),
     * so they are kept to letters, digits, '-' and '_'.
     */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final Map<String, ConfiguredApp> apps;

    AppRegistry(DingTalkAppsConfig config) {
        this.apps = build(config.apps());
        LOG.infof("Serving DingTalk apps %s", apps.keySet());
    }

    /** The app of a callback path, if one is configured under that exact name. */
    public Optional<ConfiguredApp> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(apps.get(name));
    }

    /** Whether {@code name} is a configured app (a safe metric tag); anything else is tagged "unknown". */
    public boolean isConfigured(String name) {
        return name != null && apps.containsKey(name);
    }

    /** All configured apps by name. */
    public Map<String, ConfiguredApp> all() {
        return apps;
    }

    /**
     * Validates every app and builds its crypto.
     *
     * @throws ConfigurationException listing every problem as {@code dingtalk.apps.<name>.<key>: what is wrong}
     */
    static Map<String, ConfiguredApp> build(Map<String, DingTalkAppsConfig.App> configured) {
        List<String> problems = new ArrayList<>();
        Map<String, ConfiguredApp> out = new TreeMap<>();
        configured.forEach((name, app) -> {
            String prefix = "dingtalk.apps." + name + ".";
            if (!NAME.matcher(name).matches()) {
                problems.add("dingtalk.apps." + name + ": the app name must match " + NAME.pattern());
                return;
            }
            int before = problems.size();
            String appKey = required(problems, prefix + "app-key", app.appKey());
            String appSecret = required(problems, prefix + "app-secret", app.appSecret());
            // Optional in the shared mapping (an OpenAPI caller needs none of them); every gateway app needs all three.
            String token = required(problems, prefix + "token", app.token().orElse(null));
            String aesKey = required(problems, prefix + "aes-key", app.aesKey().orElse(null));
            String ownerKey = required(problems, prefix + "owner-key", app.ownerKey().orElse(null));
            List<CidrBlock> sources = new ArrayList<>();
            for (String entry : app.allowedSources().orElse(List.of())) {
                try {
                    sources.add(CidrBlock.parse(entry));
                } catch (IllegalArgumentException e) {
                    problems.add(prefix + "allowed-sources: " + e.getMessage());
                }
            }
            if (problems.size() > before) {
                return;
            }
            CallbackCrypto crypto;
            try {
                crypto = new CallbackCrypto(token, aesKey, ownerKey);
            } catch (DingTalkProtocolException e) {
                // The library's messages never contain the secret itself (its contract); name the key it refers to,
                // then say what is wrong with it (the detail, which does not repeat the field) and DingTalk's code.
                String code = e instanceof CallbackCryptoException c ? " (" + c.code() + " " + c.error().name() + ")" : "";
                problems.add(prefix + kebab(e.field()) + ": " + e.detail() + code);
                return;
            }
            out.put(name, new ConfiguredApp(AppName.of(name), appKey, appSecret, crypto, app.enabled(),
                    app.endpoints().events(), app.endpoints().robot(), sources));
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid DingTalk app configuration (values are not shown):\n  - "
                    + String.join("\n  - ", problems));
        }
        if (out.isEmpty()) {
            LOG.warn("No DingTalk app is configured (dingtalk.apps.<name>.*): every callback will be answered 404");
        }
        return Map.copyOf(out);
    }

    private static String required(List<String> problems, String key, String value) {
        if (value == null) {
            problems.add(key + ": is missing");
        } else if (value.isBlank()) {
            problems.add(key + ": is empty");
        } else if (!value.equals(value.strip())) {
            problems.add(key + ": has leading or trailing whitespace (a copy-and-paste slip?)");
        }
        return value;
    }

    /** The library names fields in camelCase ({@code aesKey}); configuration keys are kebab-case. */
    private static String kebab(String field) {
        return field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
