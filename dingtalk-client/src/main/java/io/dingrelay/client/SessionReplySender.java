package io.dingrelay.client;

import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.message.BodySize;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.message.RobotMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Replies through a robot callback's {@code sessionWebhook} (dingtalk-protocol.md §3.3): the URL carries its own
 * {@code session} credential, no signing and no access token. Use it only before the callback's
 * {@code sessionWebhookExpiredTime}; afterwards DingTalk answers 300001 and the reply goes through the OpenAPI.
 */
public final class SessionReplySender {

    private final JsonPoster poster;

    SessionReplySender(JsonPoster poster) {
        this.poster = poster;
    }

    /** Never fails: DingTalk's answer or the failure comes back as a {@link Classification}, credentials masked. */
    public Uni<Classification> send(String sessionWebhook, RobotMessage message) {
        return Uni.createFrom().deferred(() -> {
            byte[] body;
            try {
                body = MessageCodec.toJsonBytes(message);
                BodySize.check(body);
            } catch (RuntimeException invalid) {
                return Uni.createFrom().item(poster.classifier().classifyFailure(invalid));
            }
            return poster.postAndClassify(sessionWebhook, Buffer.buffer(body));
        });
    }
}
