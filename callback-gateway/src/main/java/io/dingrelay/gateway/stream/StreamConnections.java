package io.dingrelay.gateway.stream;

import io.dingrelay.gateway.config.AppRegistry;
import io.dingrelay.gateway.config.ConfiguredApp;
import io.dingrelay.gateway.config.GatewayConfig;
import io.dingrelay.gateway.config.StreamAppsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The Stream connections of every app with {@code dingtalk.apps.<name>.stream.enabled=true} (and {@code enabled}),
 * {@code stream.connections} each, started with the application and closed when it stops. The WebSocket and HTTP
 * clients are Quarkus' own Vert.x, so the frames are handled on its event loops like the HTTP callbacks.
 */
@ApplicationScoped
public class StreamConnections {

    private static final Logger LOG = Logger.getLogger(StreamConnections.class);

    private final Vertx vertx;
    private final AppRegistry apps;
    private final StreamAppsConfig streamApps;
    private final GatewayConfig.Stream settings;
    private final StreamFrameHandler handler;
    private final StreamMetrics metrics;
    private final Map<String, List<AppStream>> streams = new LinkedHashMap<>();
    private HttpClient http;
    private WebSocketClient webSockets;

    StreamConnections(Vertx vertx, AppRegistry apps, StreamAppsConfig streamApps, GatewayConfig config,
            StreamFrameHandler handler, StreamMetrics metrics) {
        this.vertx = vertx;
        this.apps = apps;
        this.streamApps = streamApps;
        this.settings = config.stream();
        this.handler = handler;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        for (ConfiguredApp app : apps.all().values()) {
            StreamAppsConfig.App s = streamApps.apps().get(app.name().value());
            if (s == null || !s.stream().enabled()) {
                continue;
            }
            if (!app.enabled()) {
                LOG.infof("App %s is disabled: its Stream connection is not opened", app.name().value());
                continue;
            }
            if (http == null) {
                long timeout = settings.connectTimeout().toMillis();
                http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(4).setConnectTimeout((int) timeout));
                webSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                        .setMaxMessageSize(4 * settings.maxFrameBytes())
                        .setConnectTimeout((int) timeout));
            }
            StreamOpener opener = new StreamOpener(http, streamApps.apiBaseUrl(), settings.connectTimeout().toMillis());
            Backoff backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), () -> ThreadLocalRandom.current().nextDouble());
            List<AppStream> slots = new ArrayList<>();
            for (int i = 0; i < Math.max(1, s.stream().connections()); i++) {
                slots.add(new AppStream(app, i, vertx, opener, webSockets, handler, metrics, backoff,
                        settings.connectTimeout().toMillis(), settings.pingInterval().toMillis()));
            }
            synchronized (this) {
                streams.put(app.name().value(), slots);
            }
            LOG.infof("App %s receives over Stream mode (%d connection(s) to %s)", app.name().value(), slots.size(),
                    streamApps.apiBaseUrl());
            slots.forEach(AppStream::start);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            streams.values().forEach(list -> list.forEach(AppStream::stop));
        }
        if (webSockets != null) {
            webSockets.close();
            http.close();
        }
    }

    /** Per app in Stream mode: whether at least one of its connections is open, and each connection's state. */
    public synchronized Map<String, AppState> states() {
        Map<String, AppState> out = new LinkedHashMap<>();
        streams.forEach((name, slots) -> out.put(name, new AppState(slots.stream().anyMatch(AppStream::connected),
                slots.stream().map(AppStream::view).toList())));
        return out;
    }

    /** One app's Stream state. */
    public record AppState(boolean connected, List<Map<String, Object>> connections) {
    }
}
