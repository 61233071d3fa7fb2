package io.dingrelay.dispatcher.sending;

import io.dingrelay.client.AppCredentials;
import io.dingrelay.client.DingTalkClient;
import io.dingrelay.client.OpenApiMessages;
import io.dingrelay.dispatcher.client.CheckInSummaries;
import io.dingrelay.dispatcher.service.MessageTemplate;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.keyring.KeyRing;
import io.dingrelay.messaging.config.DingTalkAppsConfig;
import io.dingrelay.protocol.answer.AnswerClassifier;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.answer.Scope;
import io.dingrelay.protocol.message.MessageCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one rendered message to one target, either kind:
 * <ul>
 *   <li>custom-robot webhook: URL and secret decrypted with the key ring (never logged), after the robot's token
 *       bucket gave a token; signed afresh per request by dingtalk-client; {@code msgUuid = runId:groupId}, so
 *       DingTalk drops a second copy should a send be repeated after a crash;</li>
 *   <li>enterprise robot or cool app: the OpenAPI group send as the configured app, the message turned into its
 *       OpenAPI template ({@link OpenApiMessages}); the OpenAPI has no msgUuid.</li>
 * </ul>
 * A template with {@code {{checkInSummary}}} first asks chat-bridge for the group's summary ({@link CheckInSummaries},
 * never failing). Never fails: every problem is a {@link Classification}.
 */
@ApplicationScoped
public class TargetSender {

    private final DingTalkClient dingtalk;
    private final KeyRing keys;
    private final DingTalkAppsConfig config;
    private final RobotBuckets buckets;
    private final CheckInSummaries summaries;
    private final AnswerClassifier classifier = new AnswerClassifier();

    public TargetSender(DingTalkClient dingtalk, KeyRing keys, DingTalkAppsConfig config, RobotBuckets buckets, CheckInSummaries summaries) {
        this.dingtalk = dingtalk;
        this.keys = keys;
        this.config = config;
        this.buckets = buckets;
        this.summaries = summaries;
    }

    public Uni<Classification> send(String runId, MessageTemplate template, DeliveryTarget target) {
        Uni<String> summary = template.usesCheckInSummary() ? summaries.textFor(target) : Uni.createFrom().item("");
        return summary.chain(text -> switch (target.kind()) {
            case CUSTOM_WEBHOOK -> webhook(runId, template, target, text);
            case ENTERPRISE_ROBOT, COOL_APP -> openApi(template, target, text);
        }).onFailure().recoverWithItem(classifier::classifyFailure);
    }

    private Uni<Classification> webhook(String runId, MessageTemplate template, DeliveryTarget t, String checkInSummary) {
        String url;
        String secret;
        try {
            url = keys.decrypt(t.keyId(), t.webhookCiphertext());
            secret = t.secretCiphertext() == null ? null : keys.decrypt(t.keyId(), t.secretCiphertext());
        } catch (RuntimeException e) {
            // KeyRingException names the key id, never the ciphertext; the robot cannot be sent to until fixed.
            return Uni.createFrom().item(new Classification(Outcome.PERMANENT, Scope.ROBOT, "credentials.unreadable",
                    e.getMessage(), Duration.ZERO));
        }
        Buffer body = Buffer.buffer(template.render(t.groupId().value(), t.title(), runId + ":" + t.groupId().value(), checkInSummary)
                .getBytes(StandardCharsets.UTF_8));
        return buckets.acquire(t.groupId().value()).chain(() -> dingtalk.webhooks().send(url, secret, body));
    }

    private Uni<Classification> openApi(MessageTemplate template, DeliveryTarget t, String checkInSummary) {
        AudienceEntry.OpenApi target = t.openApi();
        DingTalkAppsConfig.App app = target == null ? null : config.apps().get(target.app().value());
        if (app == null) {
            return Uni.createFrom().item(new Classification(Outcome.PERMANENT, Scope.APP, "app.not-configured",
                    "app " + (target == null ? "?" : target.app().value()) + " is not configured (dingtalk.apps.*)", Duration.ZERO));
        }
        var message = MessageCodec.parse(template.render(t.groupId().value(), t.title(), null, checkInSummary));
        String robotCode = target.robotCode() != null ? target.robotCode().value() : app.appKey();
        return dingtalk.groupMessages().send(new AppCredentials(target.app().value(), app.appKey(), app.appSecret()),
                OpenApiMessages.of(robotCode, target.openConversationId().value(), target.coolAppCode(), message));
    }
}
