package io.dingrelay.dispatcher.sending;

import io.dingrelay.client.AppCredentials;
import io.dingrelay.client.DingTalkClient;
import io.dingrelay.client.EgressClients;
import io.dingrelay.client.OpenApiMessages;
import io.dingrelay.dispatcher.client.CheckInSummaries;
import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.service.MessageTemplate;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.flow.FlowControl;
import io.dingrelay.flow.Permit;
import io.dingrelay.flow.SendScopes;
import io.dingrelay.keyring.KeyRing;
import io.dingrelay.messaging.config.DingTalkAppsConfig;
import io.dingrelay.protocol.answer.AnswerClassifier;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.answer.Scope;
import io.dingrelay.protocol.message.MessageCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Sends one rendered message to one target, either kind, after flow-control granted every budget it needs:
 * <ul>
 *   <li>custom-robot webhook: URL and secret decrypted with the key ring (never logged); budgets: the robot's
 *       per-minute bucket, an egress IP's window, the organisation's month (if counted); signed afresh per request by
 *       dingtalk-client; {@code msgUuid = runId:groupId}, so DingTalk drops a second copy should a send be repeated
 *       after a crash;</li>
 *   <li>enterprise robot or cool app: the OpenAPI group send as the configured app, the message turned into its
 *       OpenAPI template ({@link OpenApiMessages}); budgets: the app's API QPS, an egress IP, the month. The OpenAPI has
 *       no msgUuid.</li>
 * </ul>
 * The send goes out from the egress address the permit names ({@link EgressClients#client}); its answer is shown to
 * {@link FlowControl#observe}, which pauses exactly the scope of a ban that happened anyway (the robot 10 min, the IP
 * 5 min, the app's API 1 s). A permit that is not GRANTED comes back unsent: DEFERRED (a budget or a pause would hold
 * the send longer than {@code dingrelay.push.limits.max-wait}) or REFUSED (the monthly quota). A template with
 * {@code {{checkInSummary}}} first asks chat-bridge for the group's summary ({@link CheckInSummaries}, never failing).
 * Never fails: every problem is a {@link Classification}.
 */
@ApplicationScoped
public class TargetSender {

    private static final Logger LOG = Logger.getLogger(TargetSender.class);

    /**
     * What became of one target.
     *
     * @param permit flow-control's answer; null when the target could not be sent at all (unreadable credentials, an
     *               app not configured: {@link #answer} says which)
     * @param answer DingTalk's classified answer of a GRANTED send; null for a DEFERRED or REFUSED permit
     */
    public record Sent(Permit permit, Classification answer) {

        public boolean sent() {
            return permit != null && permit.isGranted();
        }
    }

    private final EgressClients clients;
    private final FlowControl flow;
    private final KeyRing keys;
    private final DingTalkAppsConfig config;
    private final CheckInSummaries summaries;
    private final QuotaMeter quota;
    private final MeterRegistry meters;
    private final Duration maxWait;
    private final String webhookCorp;
    private final AnswerClassifier classifier = new AnswerClassifier();

    public TargetSender(EgressClients clients, FlowControl flow, KeyRing keys, DingTalkAppsConfig config, CheckInSummaries summaries,
            QuotaMeter quota, MeterRegistry meters, PushConfig push) {
        this.clients = clients;
        this.flow = flow;
        this.keys = keys;
        this.config = config;
        this.summaries = summaries;
        this.quota = quota;
        this.meters = meters;
        this.maxWait = push.limits().maxWait();
        this.webhookCorp = push.limits().webhookCorpId().orElse(null);
    }

    public Uni<Sent> send(String runId, MessageTemplate template, DeliveryTarget target) {
        Uni<String> summary = template.usesCheckInSummary() ? summaries.textFor(target) : Uni.createFrom().item("");
        return summary.chain(text -> switch (target.kind()) {
            case CUSTOM_WEBHOOK -> webhook(runId, template, target, text);
            case ENTERPRISE_ROBOT, COOL_APP -> openApi(template, target, text);
        }).onFailure().recoverWithItem(e -> new Sent(null, classifier.classifyFailure(e)));
    }

    private Uni<Sent> webhook(String runId, MessageTemplate template, DeliveryTarget t, String checkInSummary) {
        return webhookBody(t, template.render(t.groupId().value(), t.title(), runId + ":" + t.groupId().value(), checkInSummary));
    }

    /**
     * A webhook body already rendered for custom-robot target {@code t} (a digest, {@code digest/Digests}), through the
     * same budgets, egress and classification as {@link #send}. Never fails.
     */
    public Uni<Sent> sendWebhookBody(DeliveryTarget t, String body) {
        return webhookBody(t, body).onFailure().recoverWithItem(e -> new Sent(null, classifier.classifyFailure(e)));
    }

    private Uni<Sent> webhookBody(DeliveryTarget t, String rendered) {
        String url;
        String secret;
        try {
            url = keys.decrypt(t.keyId(), t.webhookCiphertext());
            secret = t.secretCiphertext() == null ? null : keys.decrypt(t.keyId(), t.secretCiphertext());
        } catch (RuntimeException e) {
            // KeyRingException names the key id, never the ciphertext; the robot cannot be sent to until fixed.
            return Uni.createFrom().item(new Sent(null, new Classification(Outcome.PERMANENT, Scope.ROBOT, "credentials.unreadable",
                    e.getMessage(), Duration.ZERO)));
        }
        Buffer body = Buffer.buffer(rendered.getBytes(StandardCharsets.UTF_8));
        String corp = t.corpId() != null ? t.corpId().value() : webhookCorp;
        return withPermit(SendScopes.webhook(t.groupId().value(), corp), client -> client.webhooks().send(url, secret, body));
    }

    private Uni<Sent> openApi(MessageTemplate template, DeliveryTarget t, String checkInSummary) {
        AudienceEntry.OpenApi target = t.openApi();
        DingTalkAppsConfig.App app = target == null ? null : config.apps().get(target.app().value());
        if (app == null) {
            return Uni.createFrom().item(new Sent(null, new Classification(Outcome.PERMANENT, Scope.APP, "app.not-configured",
                    "app " + (target == null ? "?" : target.app().value()) + " is not configured (dingtalk.apps.*)", Duration.ZERO)));
        }
        var message = MessageCodec.parse(template.render(t.groupId().value(), t.title(), null, checkInSummary));
        String robotCode = target.robotCode() != null ? target.robotCode().value() : app.appKey();
        AppCredentials credentials = new AppCredentials(target.app().value(), app.appKey(), app.appSecret());
        var body = OpenApiMessages.of(robotCode, target.openConversationId().value(), target.coolAppCode(), message);
        return withPermit(SendScopes.openApi(target.app().value(), robotCode, t.corpId() == null ? null : t.corpId().value()),
                client -> client.groupMessages().send(credentials, body));
    }

    /** Every budget first; then the send from the granted address, and its answer shown to flow-control. */
    private Uni<Sent> withPermit(SendScopes scopes, Function<DingTalkClient, Uni<Classification>> send) {
        // never fails: flow-control's waits are whole-millisecond timers (FlowControl.timerDelay), as Vert.x needs
        return flow.acquire(scopes, maxWait).chain(permit -> {
            if (!permit.isGranted()) {
                return Uni.createFrom().item(new Sent(permit, null));
            }
            if (scopes.org() != null) {
                quota.used(scopes.org().name());
            }
            return send.apply(clients.client(permit.egress()))
                    .onFailure().recoverWithItem(classifier::classifyFailure)
                    .map(answer -> {
                        flow.observe(permit, answer).ifPresent(p -> {
                            meters.counter("dingrelay.push.pauses", "scope", p.key().scope().name().toLowerCase()).increment();
                            LOG.warnf("DingTalk answered %s to a send from %s: %s paused for %s; other scopes keep sending",
                                    p.code(), permit.egress(), p.key(), p.duration());
                        });
                        return new Sent(permit, answer);
                    });
        });
    }
}
