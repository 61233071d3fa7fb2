package io.dingrelay.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.gateway.config.ConfiguredApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Step 1 of a Stream connection (dingtalk-protocol.md §6.1): {@code POST /v1.0/gateway/connections/open} with the
 * app's clientId (appKey), clientSecret (appSecret) and subscriptions, answered with the WebSocket endpoint and a
 * single-use ticket valid for 90 s. A new ticket is fetched for every connection.
 */
final class StreamOpener {

    /** Where to connect, with which ticket. */
    record Opened(String endpoint, String ticket) {

        /** {@code endpoint?ticket=…}: used as answered (§6.2). */
        String uri() {
            return endpoint + (endpoint.contains("?") ? "&" : "?") + "ticket="
                    + java.net.URLEncoder.encode(ticket, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * DingTalk refused the request itself (a 4xx): wrong clientId or clientSecret, or an app not set up for Stream
     * mode. Retrying soon does not help. The message names the status and DingTalk's code, never a secret.
     */
    static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    static final String OPEN_PATH = "/v1.0/gateway/connections/open";

    private final HttpClient http;
    private final String url;
    private final long timeoutMillis;

    StreamOpener(HttpClient http, String apiBaseUrl, long timeoutMillis) {
        this.http = http;
        this.url = (apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl) + OPEN_PATH;
        this.timeoutMillis = timeoutMillis;
    }

    Future<Opened> open(ConfiguredApp app) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("clientId", app.appKey());
        body.put("clientSecret", app.appSecret());
        var subs = body.putArray("subscriptions");
        subs.addObject().put("type", StreamFrame.EVENT).put("topic", "*");
        subs.addObject().put("type", StreamFrame.CALLBACK).put("topic", StreamFrame.ROBOT_TOPIC);
        body.put("ua", "dingrelay-callback-gateway");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
        return http.request(options)
                .compose(request -> request.send(Buffer.buffer(body.toString())))
                .compose(response -> response.body().map(b -> answer(response.statusCode(), b)));
    }

    private Opened answer(int status, Buffer body) {
        JsonNode n = json(body);
        if (status == 200) {
            String endpoint = n == null ? null : n.path("endpoint").asText(null);
            String ticket = n == null ? null : n.path("ticket").asText(null);
            if (endpoint == null || endpoint.isBlank() || ticket == null || ticket.isBlank()) {
                throw new IllegalStateException("DingTalk's open answer has no endpoint or ticket");
            }
            return new Opened(endpoint, ticket);
        }
        String code = n == null ? null : n.path("code").asText(null);
        String message = n == null ? null : n.path("message").asText(null);
        String what = "HTTP " + status + (code != null ? " " + code : "") + (message != null ? ": " + message : "");
        if (status >= 400 && status < 500) {
            throw new RefusedException(what);
        }
        throw new IllegalStateException("DingTalk answered the open call " + what);
    }

    private static JsonNode json(Buffer body) {
        try {
            return body == null || body.length() == 0 ? null : EventJson.mapper().readTree(body.getBytes());
        } catch (Exception e) {
            return null;
        }
    }
}
