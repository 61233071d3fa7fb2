package io.dingrelay.dispatcher.config;

import io.dingrelay.client.DingTalkClient;
import io.dingrelay.client.DingTalkClientOptions;
import io.dingrelay.keyring.KeyRing;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The plain-Java collaborators the service wires from its configuration. */
@ApplicationScoped
public class Producers {

    @Produces
    @ApplicationScoped
    DingTalkClient dingTalkClient(Vertx vertx, DingTalkConfig dingtalk, PushConfig push) {
        DingTalkClientOptions options = DingTalkClientOptions.defaults()
                .withApiBaseUrl(dingtalk.apiBaseUrl())
                .withOapiBaseUrl(dingtalk.oapiBaseUrl())
                .withRequestTimeout(push.requestTimeout())
                .withMaxConnectionsPerHost(push.connections())
                .withLocalAddress(push.localAddress().orElse(null))
                .withUserAgent("dingrelay-push-dispatcher");
        return DingTalkClient.create(vertx, options);
    }

    void close(@Disposes DingTalkClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    KeyRing keyRing(CryptoConfig crypto) {
        return KeyRing.fromBase64(crypto.keys(), crypto.activeKey().orElse(null));
    }
}
