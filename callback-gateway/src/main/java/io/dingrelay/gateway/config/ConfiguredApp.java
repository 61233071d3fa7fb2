package io.dingrelay.gateway.config;

import io.dingrelay.protocol.net.CidrBlock;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.protocol.callback.CallbackCrypto;
import java.util.List;

/**
 * A validated DingTalk app, ready to verify its callbacks. Holds secrets, so {@link #toString()} shows the name only.
 */
public final class ConfiguredApp {

    private final AppName name;
    private final String appKey;
    private final String appSecret;
    private final CallbackCrypto crypto;
    private final boolean enabled;
    private final boolean eventsEnabled;
    private final boolean robotEnabled;
    private final List<CidrBlock> allowedSources;
    private final String cloudEventSource;

    ConfiguredApp(AppName name, String appKey, String appSecret, CallbackCrypto crypto, boolean enabled,
            boolean eventsEnabled, boolean robotEnabled, List<CidrBlock> allowedSources) {
        this.name = name;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.crypto = crypto;
        this.enabled = enabled;
        this.eventsEnabled = eventsEnabled;
        this.robotEnabled = robotEnabled;
        this.allowedSources = List.copyOf(allowedSources);
        this.cloudEventSource = "/dingrelay/callback-gateway/apps/" + name.value();
    }

    public AppName name() {
        return name;
    }

    public String appKey() {
        return appKey;
    }

    /** The HMAC key of robot callbacks. Never log it. */
    public String appSecret() {
        return appSecret;
    }

    /** Verifies, decrypts and answers this app's event pushes. */
    public CallbackCrypto crypto() {
        return crypto;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean eventsEnabled() {
        return eventsEnabled;
    }

    public boolean robotEnabled() {
        return robotEnabled;
    }

    /** True when no allow-list is configured: the caller's address need not even be looked up. */
    public boolean allowsAnySource() {
        return allowedSources.isEmpty();
    }

    /** Whether a callback from {@code hostAddress} may be served: any address when no allow-list is configured. */
    public boolean allowsSource(String hostAddress) {
        if (allowedSources.isEmpty()) {
            return true;
        }
        for (CidrBlock block : allowedSources) {
            if (block.contains(hostAddress)) {
                return true;
            }
        }
        return false;
    }

    /** The CloudEvents {@code source} of every record published for this app. */
    public String cloudEventSource() {
        return cloudEventSource;
    }

    @Override
    public String toString() {
        return "ConfiguredApp[" + name.value() + "]";
    }
}
