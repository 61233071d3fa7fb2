package io.dingrelay.client;

import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One pooled {@link DingTalkClient} per egress (local) address, so a sender can spread its calls over several source
 * IPs: DingTalk's 10,000 calls / 20 s budget is per egress IP, and Vert.x binds the local address per client
 * ({@code WebClientOptions.setLocalAddress}). The flow control picks the address of each send (the one whose IP budget
 * has a token); {@link #client(String)} gives its client.
 *
 * <pre>{@code
 * EgressClients clients = EgressClients.create(vertx, options, List.of("10.0.0.7", "10.0.0.8"));
 * clients.client(permit.egress()).webhooks().send(url, secret, body);
 * }</pre>
 *
 * <p>An empty address list gives one client on the system's address, named {@link #DEFAULT_EGRESS}. Each address must be
 * one this host owns (on Linux every 127.x.y.z is a loopback address; a cloud VM gets secondary private IPs, each NAT-ed
 * to its own public IP). Thread-safe; {@link #close()} closes every client.
 */
public final class EgressClients implements AutoCloseable {

    /** The name of the one client on the system's address when none is configured. */
    public static final String DEFAULT_EGRESS = "default";

    private final Map<String, DingTalkClient> clients;

    private EgressClients(Map<String, DingTalkClient> clients) {
        this.clients = Collections.unmodifiableMap(clients);
    }

    public static EgressClients create(Vertx vertx, DingTalkClientOptions options, List<String> localAddresses) {
        return create(vertx, options, localAddresses, Clock.systemUTC());
    }

    /** With the caller's clock (webhook signatures, token expiry). */
    public static EgressClients create(Vertx vertx, DingTalkClientOptions options, List<String> localAddresses, Clock clock) {
        Map<String, DingTalkClient> clients = new LinkedHashMap<>();
        List<String> addresses = localAddresses == null ? List.of()
                : localAddresses.stream().filter(a -> a != null && !a.isBlank()).map(String::trim).distinct().toList();
        try {
            if (addresses.isEmpty()) {
                clients.put(DEFAULT_EGRESS, DingTalkClient.create(vertx, options.withLocalAddress(null), clock));
            }
            for (String address : addresses) {
                clients.put(address, DingTalkClient.create(vertx, options.withLocalAddress(address), clock));
            }
        } catch (RuntimeException e) {
            clients.values().forEach(DingTalkClient::close);
            throw e;
        }
        return new EgressClients(clients);
    }

    /** The addresses, in configuration order ({@link #DEFAULT_EGRESS} alone when none was configured). */
    public List<String> addresses() {
        return new ArrayList<>(clients.keySet());
    }

    /** The client sending from {@code address}. */
    public DingTalkClient client(String address) {
        DingTalkClient c = clients.get(address);
        if (c == null) {
            throw new NoSuchElementException("no egress client for " + address + " (configured: " + clients.keySet() + ")");
        }
        return c;
    }

    /** The first client: for calls that need no particular address (token fetches share each client's cache). */
    public DingTalkClient first() {
        return clients.values().iterator().next();
    }

    public int size() {
        return clients.size();
    }

    @Override
    public void close() {
        clients.values().forEach(DingTalkClient::close);
    }
}
