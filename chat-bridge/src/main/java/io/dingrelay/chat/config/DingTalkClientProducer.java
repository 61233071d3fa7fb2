package io.dingrelay.chat.config;

import io.dingrelay.client.DingTalkClient;
import io.dingrelay.client.DingTalkClientOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The shared {@code dingtalk-client}: sessionWebhook replies and OpenAPI group sends with the app's cached access
 * token (the same cache the dispatcher uses). One client for this process's one egress address.
 */
@ApplicationScoped
public class DingTalkClientProducer {

    @Produces
    @ApplicationScoped
    DingTalkClient dingTalkClient(Vertx vertx, ChatBridgeConfig config,
            @ConfigProperty(name = "dingtalk.api-base-url", defaultValue = DingTalkClientOptions.DEFAULT_API_BASE_URL) String api,
            @ConfigProperty(name = "dingtalk.oapi-base-url", defaultValue = DingTalkClientOptions.DEFAULT_OAPI_BASE_URL) String oapi) {
        return DingTalkClient.create(vertx, DingTalkClientOptions.defaults()
                .withApiBaseUrl(api)
                .withOapiBaseUrl(oapi)
                .withRequestTimeout(config.replyTimeout())
                .withUserAgent("dingrelay-chat-bridge"));
    }

    void close(@Disposes DingTalkClient client) {
        client.close();
    }
}
