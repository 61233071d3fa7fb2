package io.dingrelay.client;

import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.message.BodySize;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.message.RobotMessage;
import io.dingrelay.protocol.signature.WebhookSigner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import java.time.Clock;

/**
 * Sends to a custom-robot webhook (dingtalk-protocol.md §4.1): {@code POST <the URL the group owner gave>} with the
 * message JSON. A robot with 加签 gets a fresh {@code timestamp} + {@code sign} for every request, computed when the
 * request is made (each subscription to the returned {@link Uni}), so a retry is never sent with an old signature.
 *
 * <p>Set a {@code msgUuid} on the message (e.g. {@code runId:groupId}): DingTalk de-duplicates on it, so a retry after
 * a timeout that did deliver is not shown twice.
 */
public final class WebhookSender {

    private final JsonPoster poster;
    private final Clock clock;

    WebhookSender(JsonPoster poster, Clock clock) {
        this.poster = poster;
        this.clock = clock;
    }

    /**
     * Sends {@code message}; never fails: DingTalk's answer, a transport failure and an unusable URL or secret all come
     * back as a {@link Classification} (the message never contains the URL's credentials).
     *
     * @param webhookUrl the full webhook URL, {@code access_token} included (a credential: never logged)
     * @param secret     the {@code SEC…} signing secret, or null when the robot does not sign
     */
    public Uni<Classification> send(String webhookUrl, String secret, RobotMessage message) {
        return Uni.createFrom().item(() -> encode(message))
                .chain(body -> send(webhookUrl, secret, body))
                .onFailure().recoverWithItem(poster.classifier()::classifyFailure);
    }

    /**
     * Sends an already encoded message body (UTF-8 JSON, e.g. from {@link MessageCodec#toJsonBytes}); for senders that
     * render a message once for many groups. The body is checked against DingTalk's 20,000-byte limit first.
     */
    public Uni<Classification> send(String webhookUrl, String secret, Buffer body) {
        // deferred: the URL is signed when the request is made, once per subscription (so per retry).
        return Uni.createFrom().deferred(() -> {
            String url;
            try {
                BodySize.check(body.getBytes());
                url = secret == null || secret.isEmpty() ? checkUrl(webhookUrl)
                        : WebhookSigner.signUrl(webhookUrl, secret, clock.millis());
            } catch (RuntimeException unusable) {
                return Uni.createFrom().item(Redaction.scrub(poster.classifier().classifyFailure(unusable), webhookUrl));
            }
            return poster.postAndClassify(url, body);
        });
    }

    private static String checkUrl(String webhookUrl) {
        // WebhookSigner's URL rules apply to unsigned robots too; signing with a throw-away secret checks them.
        WebhookSigner.signUrl(webhookUrl, "-", 0L);
        return webhookUrl;
    }

    private static Buffer encode(RobotMessage message) {
        return Buffer.buffer(MessageCodec.toJsonBytes(message));
    }
}
