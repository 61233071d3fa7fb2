package io.dingrelay.dispatcher.config;

import io.agroal.api.AgroalDataSource;
import io.dingrelay.client.DingTalkClient;
import io.dingrelay.client.DingTalkClientOptions;
import io.dingrelay.client.EgressClients;
import io.dingrelay.flow.FlowControl;
import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.schema.FlowControlSchema;
import io.dingrelay.keyring.KeyRing;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/** The plain-Java collaborators the service wires from its configuration. */
@ApplicationScoped
public class Producers {

    private static final Logger LOG = Logger.getLogger(Producers.class);

    /**
     * Every DingTalk budget of a send (flow-control): robot buckets in memory, the egress-IP, app-and-API and monthly
     * quota budgets in Bucket4j buckets on this service's PostgreSQL (table {@code flow_control_buckets}, created here
     * if missing), so that every replica shares them. The JDBC round trips run on the Mutiny worker pool (never the
     * event loop); closing it gives unused quota tokens back.
     */
    @Produces
    @Singleton
    FlowControl flowControl(PushConfig config, AgroalDataSource dataSource) {
        FlowControlSchema.ensure(dataSource);
        FlowControl flow = FlowControl.builder(FlowLimits.from(config.limits()))
                .postgres(dataSource)
                .executor(Infrastructure.getDefaultWorkerPool())
                .egressAddresses(egress(config))
                .build();
        LOG.infof("Flow control: egress %s, limits %s", flow.egressAddresses(), flow.limits());
        return flow;
    }

    void close(@Disposes FlowControl flow) {
        flow.close();
    }

    /** One pooled DingTalk client per egress address (the same addresses as {@link #flowControl}'s IP budgets). */
    @Produces
    @Singleton
    EgressClients egressClients(Vertx vertx, DingTalkConfig dingtalk, PushConfig push) {
        DingTalkClientOptions options = DingTalkClientOptions.defaults()
                .withApiBaseUrl(dingtalk.apiBaseUrl())
                .withOapiBaseUrl(dingtalk.oapiBaseUrl())
                .withRequestTimeout(push.requestTimeout())
                .withMaxConnectionsPerHost(push.connections())
                .withUserAgent("dingrelay-push-dispatcher");
        return EgressClients.create(vertx, options, egress(push));
    }

    void close(@Disposes EgressClients clients) {
        clients.close();
    }

    /**
     * The first egress client, for calls that need no particular address. Closed with {@link EgressClients}; sends go
     * through {@code EgressClients.client(permit.egress())} so that each uses the address its IP budget granted.
     */
    @Produces
    @Singleton
    DingTalkClient dingTalkClient(EgressClients clients) {
        return clients.first();
    }

    @Produces
    @ApplicationScoped
    KeyRing keyRing(CryptoConfig crypto) {
        return KeyRing.fromBase64(crypto.keys(), crypto.activeKey().orElse(null));
    }

    /** {@code egress-addresses}, else {@code local-address}, else none (the system's address). */
    static List<String> egress(PushConfig config) {
        return config.egressAddresses().filter(l -> !l.isEmpty())
                .orElseGet(() -> config.localAddress().map(List::of).orElse(List.of()));
    }
}
