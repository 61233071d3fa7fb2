package io.dingrelay.gateway.rest;

import io.dingrelay.gateway.config.AppRegistry;
import io.dingrelay.gateway.config.ConfiguredApp;
import io.dingrelay.gateway.config.GatewayConfig;
import io.dingrelay.gateway.service.Endpoint;
import io.dingrelay.gateway.service.CallbackRejectedException;
import io.dingrelay.gateway.service.RejectReason;
import io.dingrelay.protocol.Utf8;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * Admission: the checks every callback passes before any DingTalk rule is applied, cheapest first: the app and its
 * switches, the source address and the size of the body (the declared size and the content type are checked earlier,
 * at the HTTP edge, by {@link CallbackEdgeFilter}). UTF-8 is checked once, where the body is read: by
 * {@link #utf8(byte[])} for an event push, by the protocol library's parser for a robot message.
 */
@ApplicationScoped
public class CallbackAdmission {

    private final AppRegistry apps;
    private final int maxBodyBytes;

    CallbackAdmission(AppRegistry apps, GatewayConfig config) {
        this.apps = apps;
        this.maxBodyBytes = config.http().maxBodyBytes();
    }

    /**
     * @return the app the callback is for
     * @throws CallbackRejectedException when the callback must not go further
     */
    public ConfiguredApp admit(String appName, Endpoint endpoint, HttpServerRequest request, byte[] body) {
        ConfiguredApp app = apps.find(appName)
                .orElseThrow(() -> new CallbackRejectedException(RejectReason.UNKNOWN_APP, "app", null));
        if (!app.enabled()) {
            throw new CallbackRejectedException(RejectReason.APP_DISABLED, "app", null);
        }
        boolean served = endpoint == Endpoint.EVENTS ? app.eventsEnabled() : app.robotEnabled();
        if (!served) {
            throw new CallbackRejectedException(RejectReason.ENDPOINT_DISABLED, "app", null);
        }
        if (!app.allowsAnySource()) {
            // Only now: the remote address is worked out (forwarded headers, formatting) on each call.
            SocketAddress remote = request.remoteAddress();
            if (!app.allowsSource(remote == null ? null : remote.hostAddress())) {
                throw new CallbackRejectedException(RejectReason.SOURCE_NOT_ALLOWED, null, null);
            }
        }
        if (body != null && body.length > maxBodyBytes) {
            throw new CallbackRejectedException(RejectReason.TOO_LARGE, "body", "at most " + maxBodyBytes + " bytes");
        }
        return app;
    }

    /** The body as text: it must be non-empty, strict UTF-8 (DingTalk sends {@code charset=utf-8}). */
    public static String utf8(byte[] body) {
        if (body == null || body.length == 0) {
            throw new CallbackRejectedException(RejectReason.MALFORMED_BODY, "body", "is empty");
        }
        if (!Utf8.isValid(body)) {
            throw new CallbackRejectedException(RejectReason.MALFORMED_BODY, "body", "is not valid UTF-8");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {@code application/json} in any case, with no charset or UTF-8 ({@code ; charset=utf-8}). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].trim().equalsIgnoreCase("charset")) {
                String charset = param.length < 2 ? "" : param[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The largest body accepted, in bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }
}
