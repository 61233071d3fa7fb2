package io.dingrelay.local;

import io.dingrelay.infra.PostgresServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration each service gets in the local stack, as {@code -D} system properties (design.md
 * "Configuration contract"). Every service gets only the keys it reads. Secrets appear only as {@code ${ENV}}
 * expressions that Quarkus expands from the environment ({@link LocalSecrets#environment()}), so they never show
 * on a command line.
 */
final class ServiceSettings {

    private final Map<StackService, Integer> ports;
    private final String kafkaBootstrap;
    private final PostgresServer postgres;
    private final LocalSecrets secrets;
    private final Path dataDir;
    private final boolean streamMode;

    ServiceSettings(Map<StackService, Integer> ports, String kafkaBootstrap, PostgresServer postgres, LocalSecrets secrets,
            Path dataDir, boolean streamMode) {
        this.ports = ports;
        this.kafkaBootstrap = kafkaBootstrap;
        this.postgres = postgres;
        this.secrets = secrets;
        this.dataDir = dataDir;
        this.streamMode = streamMode;
    }

    Map<String, String> systemProperties(StackService service) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", String.valueOf(ports.get(service)));
        switch (service) {
            case DINGTALK_SIMULATOR -> {
                demoApp(p);
                p.put("simulator.gateway-url", url(StackService.CALLBACK_GATEWAY));
                p.put("simulator.public-url", url(StackService.DINGTALK_SIMULATOR));
            }
            case CALLBACK_GATEWAY -> {
                kafka(p);
                demoApp(p);
                if (streamMode) {
                    // Stream mode: the gateway opens its connection at the simulator's /v1.0/gateway/connections/open.
                    p.put("dingtalk.apps." + LocalSecrets.APP + ".stream.enabled", "true");
                    dingTalkEndpoints(p);
                }
            }
            case ROBOT_REGISTRY -> {
                kafka(p);
                database(p, service);
                adminToken(p);
                cryptoKeys(p);
                // Webhooks registered locally point at the simulator.
                p.put("dingrelay.webhook-hosts", "oapi.dingtalk.com,localhost");
            }
            case CHAT_BRIDGE -> {
                kafka(p);
                database(p, service);
                dingTalkEndpoints(p);
                // The OpenAPI fallback needs the app's key and secret; /api/faq and /api/check-ins the admin token.
                demoApp(p);
                adminToken(p);
                p.put("dingrelay.registry-url", url(StackService.ROBOT_REGISTRY));
                p.put("dingrelay.chat.status.screenshot-url", url(StackService.SCREENSHOT_WORKER));
            }
            case PUSH_DISPATCHER -> {
                kafka(p);
                database(p, service);
                dingTalkEndpoints(p);
                adminToken(p);
                // The dispatcher decrypts the credentials the registry put on push.batches.
                cryptoKeys(p);
                p.put("dingrelay.registry-url", url(StackService.ROBOT_REGISTRY));
                // OpenAPI groups are sent to as the demo app; dashboards are checked with screenshot-worker.
                demoApp(p);
                p.put("dingrelay.screenshot-url", url(StackService.SCREENSHOT_WORKER));
                // {{checkInSummary}} is read from chat-bridge's summary API at send time.
                p.put("dingrelay.chat-bridge-url", url(StackService.CHAT_BRIDGE));
            }
            case SCREENSHOT_WORKER -> {
                kafka(p);
                database(p, service);
                adminToken(p);
                // The demo dataset "epidemic" and dashboard "daily" (screenshot-worker README).
                p.put("dingrelay.screenshot.seed-demo", "true");
                p.put("dingrelay.screenshot.public-url", url(StackService.SCREENSHOT_WORKER));
                p.put("dingrelay.screenshot.images-dir", dataDir.resolve("screenshot-worker/images").toString());
            }
            case CONSOLE -> {
                // The token an operator signs in with, and the one the console calls the services with. No session key:
                // a random one per start, so signing in again after a restart of the stack (console README).
                adminToken(p);
                p.put("dingrelay.console.registry-url", url(StackService.ROBOT_REGISTRY));
                p.put("dingrelay.console.dispatcher-url", url(StackService.PUSH_DISPATCHER));
                p.put("dingrelay.console.chat-bridge-url", url(StackService.CHAT_BRIDGE));
                p.put("dingrelay.console.screenshot-url", url(StackService.SCREENSHOT_WORKER));
            }
        }
        return p;
    }

    private String url(StackService service) {
        Integer port = ports.get(service);
        return "http://localhost:" + (port != null ? port : service.defaultPort());
    }

    private void kafka(Map<String, String> p) {
        p.put("kafka.bootstrap.servers", kafkaBootstrap);
    }

    /** The same {@code dingtalk.apps.demo.*} for the gateway and the simulator: one side verifies what the other signs. */
    private void demoApp(Map<String, String> p) {
        String app = "dingtalk.apps." + LocalSecrets.APP + ".";
        p.put(app + "app-key", secrets.appKey());
        p.put(app + "app-secret", "${DINGRELAY_LOCAL_APP_SECRET}");
        p.put(app + "token", "${DINGRELAY_LOCAL_APP_TOKEN}");
        p.put(app + "aes-key", "${DINGRELAY_LOCAL_APP_AES_KEY}");
        p.put(app + "owner-key", secrets.ownerKey());
    }

    private void dingTalkEndpoints(Map<String, String> p) {
        p.put("dingtalk.api-base-url", url(StackService.DINGTALK_SIMULATOR));
        p.put("dingtalk.oapi-base-url", url(StackService.DINGTALK_SIMULATOR));
    }

    private void adminToken(Map<String, String> p) {
        p.put("dingrelay.admin-token", "${DINGRELAY_LOCAL_ADMIN_TOKEN}");
    }

    private void cryptoKeys(Map<String, String> p) {
        p.put("dingrelay.crypto.keys." + secrets.cryptoKeyId(), "${DINGRELAY_LOCAL_CRYPTO_KEY}");
        p.put("dingrelay.crypto.active-key", secrets.cryptoKeyId());
    }

    private void database(Map<String, String> p, StackService service) {
        String db = service.database().orElseThrow();
        p.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(db));
        p.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(db));
        p.put("quarkus.datasource.username", postgres.username());
        p.put("quarkus.datasource.password", "${DINGRELAY_LOCAL_DB_PASSWORD}");
    }
}
