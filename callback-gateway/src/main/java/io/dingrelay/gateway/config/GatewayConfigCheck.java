package io.dingrelay.gateway.config;

import io.dingrelay.protocol.DingTalkLimits;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Start-up checks of the gateway's own settings: combinations that would break the durability or dedup promises. */
@Startup
@ApplicationScoped
public class GatewayConfigCheck {

    private static final Logger LOG = Logger.getLogger(GatewayConfigCheck.class);

    /** DingTalk's deadline for an event push (dingtalk-protocol.md §1.2). */
    static final Duration DINGTALK_DEADLINE = DingTalkLimits.EVENT_PUSH_ACK_DEADLINE;

    GatewayConfigCheck(GatewayConfig config) {
        check(config);
    }

    static void check(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        Duration ack = config.durability().ackTimeout();
        GatewayConfig.Kafka kafka = config.kafka();
        if (ack.isNegative() || ack.isZero()) {
            problems.add("gateway.durability.ack-timeout: must be positive");
        } else if (ack.compareTo(DINGTALK_DEADLINE) >= 0) {
            LOG.warnf("gateway.durability.ack-timeout=%s is not below DingTalk's %s deadline: a slow broker will make"
                    + " DingTalk time out instead of receiving a 503", ack, DINGTALK_DEADLINE);
        }
        if (config.http().maxBodyBytes() < 1024) {
            problems.add("gateway.http.max-body-bytes: must be at least 1024");
        }
        if (kafka.deliveryTimeout().compareTo(kafka.linger().plus(kafka.requestTimeout())) < 0) {
            problems.add("gateway.kafka.delivery-timeout: must be at least linger + request-timeout (Kafka's rule)");
        }
        if (kafka.deliveryTimeout().compareTo(ack) < 0) {
            problems.add("gateway.kafka.delivery-timeout: must not be shorter than gateway.durability.ack-timeout");
        }
        if (config.dedup().window().compareTo(kafka.deliveryTimeout()) <= 0) {
            problems.add("gateway.dedup.window: must exceed gateway.kafka.delivery-timeout, or an id still in flight"
                    + " could be forgotten and published twice");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid gateway configuration:\n  - " + String.join("\n  - ", problems));
        }
    }
}
