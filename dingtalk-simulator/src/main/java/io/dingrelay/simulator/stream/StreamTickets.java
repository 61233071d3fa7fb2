package io.dingrelay.simulator.stream;

import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tickets of {@code /v1.0/gateway/connections/open} (dingtalk-protocol.md §6.1): single-use and valid for
 * {@code simulator.stream.ticket-lifetime} (90 s) on the simulated clock, so a test can let one expire with
 * {@code POST /sim/clock/advance}.
 */
@ApplicationScoped
public class StreamTickets {

    /** What a ticket was issued for. */
    public record Ticket(String value, String app, String clientId, List<Subscription> subscriptions, long expiresAt) {
    }

    /** Why a ticket was refused. */
    public enum Refusal {
        UNKNOWN, EXPIRED, USED
    }

    /** The outcome of {@link #redeem}: the ticket, or why not. */
    public record Redemption(Ticket ticket, Refusal refusal) {
    }

    private final SimClock clock;
    private final long lifetimeMillis;
    private final Map<String, Ticket> open = new ConcurrentHashMap<>();
    /** Redeemed tickets, remembered so a reuse is told apart from a made-up ticket (bounded: cleared when large). */
    private final Map<String, Boolean> used = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final Map<Refusal, AtomicLong> refused = new ConcurrentHashMap<>();

    public StreamTickets(SimClock clock, SimulatorConfig config) {
        this.clock = clock;
        this.lifetimeMillis = config.stream().ticketLifetime().toMillis();
        for (Refusal r : Refusal.values()) {
            refused.put(r, new AtomicLong());
        }
    }

    public Ticket issue(String app, String clientId, List<Subscription> subscriptions) {
        Ticket t = new Ticket(UUID.randomUUID().toString(), app, clientId, List.copyOf(subscriptions),
                clock.millis() + lifetimeMillis);
        open.put(t.value(), t);
        issued.incrementAndGet();
        return t;
    }

    /** Takes the ticket (it cannot be used again), or says why it is not valid. */
    public Redemption redeem(String value) {
        Ticket t = value == null ? null : open.remove(value);
        if (t == null) {
            Refusal r = value != null && used.containsKey(value) ? Refusal.USED : Refusal.UNKNOWN;
            refused.get(r).incrementAndGet();
            return new Redemption(null, r);
        }
        if (used.size() > 100_000) {
            used.clear();
        }
        used.put(value, Boolean.TRUE);
        if (clock.millis() > t.expiresAt()) {
            refused.get(Refusal.EXPIRED).incrementAndGet();
            return new Redemption(null, Refusal.EXPIRED);
        }
        return new Redemption(t, null);
    }

    public Map<String, Object> stats() {
        return Map.of("issued", issued.get(), "refusedUnknown", refused.get(Refusal.UNKNOWN).get(),
                "refusedExpired", refused.get(Refusal.EXPIRED).get(), "refusedUsed", refused.get(Refusal.USED).get());
    }
}
