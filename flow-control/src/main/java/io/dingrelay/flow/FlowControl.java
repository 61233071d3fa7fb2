package io.dingrelay.flow;

import io.dingrelay.flow.budget.BucketStore;
import io.dingrelay.flow.budget.ConfigVersion;
import io.dingrelay.flow.budget.LeasedBudget;
import io.dingrelay.flow.budget.LocalBucketStore;
import io.dingrelay.flow.budget.PostgresBucketStore;
import io.dingrelay.flow.budget.RobotBudgets;
import io.dingrelay.flow.budget.Take;
import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.pause.BanPolicy;
import io.dingrelay.flow.pause.Pause;
import io.dingrelay.flow.pause.Pauses;
import io.dingrelay.protocol.answer.Classification;
import io.github.bucket4j.TimeMeter;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Every DingTalk budget a send needs, taken before it is made, and the pauses of banned scopes.
 *
 * <pre>{@code
 * FlowControl flow = FlowControl.builder(FlowLimits.from(config.limits()))
 *         .postgres(dataSource)                       // shared IP, app and quota buckets (Bucket4j, one table)
 *         .executor(workerPool)                       // the JDBC round trips run there, never on an event loop
 *         .egressAddresses(List.of("10.0.0.7", "10.0.0.8"))
 *         .build();
 *
 * flow.acquire(SendScopes.webhook(groupId, corpId), Duration.ofSeconds(30))
 *     .chain(permit -> switch (permit.status()) {
 *         case GRANTED -> clients.client(permit.egress()).webhooks().send(url, secret, body)
 *                 .invoke(answer -> flow.observe(permit, answer));
 *         case DEFERRED -> parkFor(permit.retryAfter());      // not a failure, not an attempt
 *         case REFUSED -> pauseRun(permit.reason());          // monthly quota
 *     });
 * }</pre>
 *
 * <p>What {@link #acquire} takes, in this order, all or nothing (a token taken while a later scope makes the send wait
 * is given back): the pauses of the robot, app and org; one token of the app's API (shared); one of the org's month
 * (shared); one of an egress IP (shared, the first address with a token, round robin); one of the robot (local; only
 * custom-robot webhooks have DingTalk's 20/min). When a scope makes the send wait longer than {@code maxWait}, the
 * permit is DEFERRED with the time to come back; within {@code maxWait} the returned {@link Uni} simply completes
 * later. An exhausted monthly quota REFUSES.
 *
 * <p>The returned {@code Uni} never fails. Its fast path (tokens held locally) does no I/O and no thread hop; when a
 * lease runs out, one JDBC round trip runs on the {@linkplain Builder#executor executor}; a wait is a Mutiny delay, so
 * the permit may arrive on a Mutiny worker thread (Vert.x clients accept calls from any thread).
 */
public final class FlowControl implements AutoCloseable {

    /** The egress name when no local address is configured (the system's choice). */
    public static final String DEFAULT_EGRESS = "default";

    private final FlowLimits limits;
    private final BucketStore store;
    private final Executor executor;
    private final Ticker ticker;
    private final Clock clock;
    private final Pauses pauses;
    private final RobotBudgets robots;
    private final List<String> egress;
    private final Map<String, LeasedBudget> ipBudgets = new LinkedHashMap<>();
    private final ConcurrentHashMap<ScopeKey, LeasedBudget> appBudgets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LeasedBudget> quotaBudgets = new ConcurrentHashMap<>();
    private final AtomicInteger nextEgress = new AtomicInteger();
    /** Stamped on every shared bucket this instance uses: its configuration replaces an older one (ConfigVersion). */
    private final long configVersion;
    /** Where waits are scheduled; null: Mutiny's default (in Quarkus, Vert.x timers). */
    private final java.util.concurrent.ScheduledExecutorService scheduler;

    private FlowControl(Builder b) {
        this.limits = b.limits;
        this.configVersion = b.configVersion != 0 ? b.configVersion : ConfigVersion.next();
        this.scheduler = b.scheduler;
        this.store = b.store != null ? b.store : new LocalBucketStore(timeMeter(b.ticker));
        this.executor = b.executor != null ? b.executor : Runnable::run;
        this.ticker = b.ticker;
        this.clock = b.clock;
        this.pauses = new Pauses(ticker);
        this.robots = new RobotBudgets(limits.robot(), ticker);
        this.egress = List.copyOf(b.egress.isEmpty() ? List.of(DEFAULT_EGRESS) : b.egress);
        for (String address : egress) {
            ipBudgets.put(address, LeasedBudget.window(ScopeKey.ip(address).id(), store, limits.ip(), configVersion, executor, ticker));
        }
        if (store.blocking() && b.executor == null) {
            throw new IllegalStateException("a blocking bucket store (PostgreSQL) needs an executor: its round trips must not run on the event loop");
        }
    }

    public static Builder builder(FlowLimits limits) {
        return new Builder(limits);
    }

    /**
     * Waits (at most {@code maxWait}) for every budget {@code scopes} needs; never fails.
     *
     * @param maxWait longest wait inside the returned {@code Uni}; a longer one gives DEFERRED with {@code retryAfter}
     *                (zero: never wait, answer at once)
     */
    public Uni<Permit> acquire(SendScopes scopes, Duration maxWait) {
        Objects.requireNonNull(scopes, "scopes");
        long deadline = saturatedAdd(ticker.nanos(), Math.max(0, maxWait.toNanos()));
        return attempt(scopes, deadline);
    }

    /**
     * Reads the answer of a granted send: a ban (THROTTLED / IP_BANNED with a backoff) pauses exactly the scope the
     * protocol library classified it for, as long as DingTalk's ban lasts; anything else changes nothing.
     *
     * @return the pause it started, for the caller's log and metrics
     */
    public Optional<Pause> observe(Permit permit, Classification answer) {
        Optional<Pause> pause = BanPolicy.pauseFor(permit, answer);
        pause.ifPresent(p -> {
            pauses.pause(p);
            if (p.key().scope() == io.dingrelay.protocol.answer.Scope.IP) {
                LeasedBudget ip = ipBudgets.get(p.key().name());
                if (ip != null) {
                    ip.drop();
                }
            }
        });
        return pause;
    }

    /** The pauses in force now (key → remaining), for the run's status and metrics. */
    public Map<ScopeKey, Duration> pauses() {
        return pauses.snapshot();
    }

    /** How long {@code key} stays paused, if it is. */
    public Optional<Duration> pausedFor(ScopeKey key) {
        return pauses.remaining(key);
    }

    /** Ends a pause early (an operator's decision). */
    public void resume(ScopeKey key) {
        pauses.resume(key);
    }

    /**
     * Quota tokens left this month for {@code corpId} in the shared bucket (replicas' unused leases not included), or
     * empty when no quota is configured. <b>Blocking</b> with PostgreSQL: call it on a worker thread.
     */
    public OptionalLong quotaLeft(String corpId) {
        return limits.orgMonthlyQuota().isPresent() ? OptionalLong.of(quotaBudget(ScopeKey.org(corpId)).availableInStore()) : OptionalLong.empty();
    }

    /** The egress addresses, in configuration order. */
    public List<String> egressAddresses() {
        return egress;
    }

    public FlowLimits limits() {
        return limits;
    }

    /**
     * How many messages the custom robot {@code robot} (its group id, as in {@link SendScopes#webhook}) may send within
     * {@code within} from now, by its per-robot budget: what a sender with more pending for it than that merges
     * into a digest rather than queueing them up behind the budget.
     */
    public long robotAllowance(String robot, Duration within) {
        return robots.allowance(robot, within);
    }

    /** Forgets robots idle long enough for their bucket to be full (call every minute or so). */
    public int evictIdleRobots() {
        return robots.evictIdle();
    }

    /** Round trips to the shared store so far, all budgets together (for the README's figures and metrics). */
    public long storeRoundTrips() {
        long n = 0;
        for (LeasedBudget b : ipBudgets.values()) {
            n += b.roundTrips();
        }
        for (LeasedBudget b : appBudgets.values()) {
            n += b.roundTrips();
        }
        for (LeasedBudget b : quotaBudgets.values()) {
            n += b.roundTrips();
        }
        return n;
    }

    /** Gives unused quota tokens back to the shared bucket (blocking). */
    @Override
    public void close() {
        quotaBudgets.values().forEach(LeasedBudget::close);
        ipBudgets.values().forEach(LeasedBudget::close);
        appBudgets.values().forEach(LeasedBudget::close);
    }

    // ---- one attempt: pauses, then app, org, IP, robot; all or nothing ----

    /** A scope that stops this attempt: WAIT (with how long) or REFUSED. */
    private record Stop(boolean refused, ScopeKey key, long waitNanos, String reason) {
    }

    /** What an attempt holds so far, to give back if a later scope stops it. */
    private static final class Held {
        final List<Runnable> giveBacks = new ArrayList<>(4);
        long validUntil = Long.MAX_VALUE;
        long grantedAt;
        String egress;

        void add(Take take, Runnable giveBack) {
            giveBacks.add(giveBack);
            validUntil = Math.min(validUntil, take.validUntil());
        }

        void giveBack() {
            giveBacks.forEach(Runnable::run);
            giveBacks.clear();
        }
    }

    private Uni<Permit> attempt(SendScopes scopes, long deadline) {
        return Uni.createFrom().deferred(() -> {
            long now = ticker.nanos();
            Pauses.Hold hold = pauses.longest(scopes.pausable(), now);
            if (hold != null) {
                return later(scopes, new Stop(false, hold.key(), hold.until() - now, "paused after DingTalk answered " + hold.code()), deadline);
            }
            Held held = new Held();
            return shared(scopes.app() == null ? null : appBudget(scopes.app()), scopes.app(), held)
                    .chain(stop -> stop != null ? Uni.createFrom().item(stop)
                            : shared(scopes.org() == null || limits.orgMonthlyQuota().isEmpty() ? null : quotaBudget(scopes.org()), scopes.org(), held))
                    .chain(stop -> stop != null ? Uni.createFrom().item(stop) : egress(held, 0, nextEgress.getAndIncrement(), null, Long.MAX_VALUE))
                    .chain(stop -> {
                        if (stop == null) {
                            stop = finish(scopes, held);
                        }
                        if (stop == null) {
                            return Uni.createFrom().item(Permit.granted(scopes, held.egress, held.grantedAt));
                        }
                        held.giveBack();
                        return stop.refused() ? Uni.createFrom().item(Permit.refused(scopes, stop.key(), stop.reason()))
                                : later(scopes, stop, deadline);
                    });
        });
    }

    /** One token of a shared budget (null budget: not needed). */
    private Uni<Stop> shared(LeasedBudget budget, ScopeKey key, Held held) {
        if (budget == null) {
            return Uni.createFrom().nullItem();
        }
        return budget.take().map(take -> switch (take.kind()) {
            case GOT -> {
                held.add(take, budget::giveBack);
                yield null;
            }
            case WAIT -> new Stop(false, key, take.waitNanos(), key.scope() + " budget of " + key.name() + " used up for now");
            case EXHAUSTED -> new Stop(true, key, 0, "monthly quota of organisation " + key.name() + " used up ("
                    + limits.orgMonthlyQuota().getAsLong() + " sends)");
        });
    }

    /** The first egress address (round robin from {@code start}) that is not paused and has a token. */
    private Uni<Stop> egress(Held held, int tried, int start, ScopeKey soonest, long soonestWait) {
        if (tried == egress.size()) {
            return Uni.createFrom().item(new Stop(false, soonest, soonestWait, "every egress IP is paused or at its budget"));
        }
        String address = egress.get(Math.floorMod(start + tried, egress.size()));
        ScopeKey key = ScopeKey.ip(address);
        long now = ticker.nanos();
        Pauses.Hold hold = pauses.active(key, now);
        if (hold != null) {
            long wait = hold.until() - now;
            return egress(held, tried + 1, start, wait < soonestWait ? key : soonest, Math.min(wait, soonestWait));
        }
        LeasedBudget budget = ipBudgets.get(address);
        return budget.take().chain(take -> {
            if (take.got()) {
                held.add(take, budget::giveBack);
                held.egress = address;
                return Uni.createFrom().nullItem();
            }
            long wait = take.waitNanos();
            return egress(held, tried + 1, start, wait < soonestWait ? key : soonest, Math.min(wait, soonestWait));
        });
    }

    /** Last: every shared token still inside its lease, then the robot's local token. Null when granted. */
    private Stop finish(SendScopes scopes, Held held) {
        long now = ticker.nanos();
        if (now > held.validUntil) {
            // the round trips took longer than a lease: these tokens may not be used any more
            return new Stop(false, ScopeKey.ip(held.egress), 1_000_000L, "lease expired while taking tokens");
        }
        if (scopes.robotBudgeted()) {
            String robot = scopes.robot().name();
            Take take = robots.take(robot, now);
            if (!take.got()) {
                return new Stop(false, scopes.robot(), take.waitNanos(), "robot " + robot + " at its per-minute budget");
            }
        }
        // the instant at which every token was checked valid: the permit's
        held.grantedAt = now;
        return null;
    }

    private Uni<Permit> later(SendScopes scopes, Stop stop, long deadline) {
        long now = ticker.nanos();
        if (saturatedAdd(now, stop.waitNanos()) > deadline) {
            return Uni.createFrom().item(Permit.deferred(scopes, stop.key(), Duration.ofNanos(stop.waitNanos()), stop.reason()));
        }
        var delay = Uni.createFrom().voidItem().onItem().delayIt();
        return (scheduler == null ? delay : delay.onExecutor(scheduler)).by(timerDelay(stop.waitNanos()))
                .chain(() -> attempt(scopes, deadline));
    }

    /**
     * A wait as a timer delay: whole milliseconds, rounded up, at least 1. Vert.x timers (what Mutiny's delays run on
     * in Quarkus) refuse a delay under 1 ms with an IllegalArgumentException, and a token due in 300 µs is a common
     * wait near a budget's limit; rounding up never grants early.
     */
    static Duration timerDelay(long waitNanos) {
        long millis = Math.max(1, (Math.max(0, waitNanos) + 999_999) / 1_000_000);
        return Duration.ofMillis(millis);
    }

    private LeasedBudget appBudget(ScopeKey app) {
        return appBudgets.computeIfAbsent(app, k -> LeasedBudget.window(k.id(), store, limits.app(), configVersion, executor, ticker));
    }

    /** The org's budget of this calendar month (UTC): the key names the month, so a new month starts a full bucket. */
    private LeasedBudget quotaBudget(ScopeKey org) {
        String id = org.id() + ":" + YearMonth.now(clock.withZone(ZoneOffset.UTC));
        LeasedBudget current = quotaBudgets.get(id);
        if (current != null) {
            return current;
        }
        // a new month: last month's lease of this org is of no use any more
        quotaBudgets.keySet().removeIf(old -> old.startsWith(org.id() + ":") && !old.equals(id));
        return quotaBudgets.computeIfAbsent(id,
                k -> LeasedBudget.quota(k, store, limits.orgMonthlyQuota().getAsLong(), limits.quotaChunk(), configVersion, executor, ticker));
    }

    private static TimeMeter timeMeter(Ticker ticker) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return ticker.nanos();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** How a {@link FlowControl} is made. */
    public static final class Builder {

        private final FlowLimits limits;
        private BucketStore store;
        private Executor executor;
        private Ticker ticker = Ticker.SYSTEM;
        private Clock clock = Clock.systemUTC();
        private final List<String> egress = new ArrayList<>();
        private long configVersion;
        private java.util.concurrent.ScheduledExecutorService scheduler;

        private Builder(FlowLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
        }

        /** Shared buckets on PostgreSQL (Bucket4j); the table must exist ({@code FlowControlSchema}). Needs {@link #executor}. */
        public Builder postgres(DataSource dataSource) {
            this.store = new PostgresBucketStore(dataSource);
            return this;
        }

        /** Any store; default a {@link LocalBucketStore} (one replica, or tests). */
        public Builder store(BucketStore store) {
            this.store = store;
            return this;
        }

        /** Where blocking round trips run: a worker pool (Quarkus: the default worker pool / a {@code ManagedExecutor}). */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** The local addresses to send from, each with its own IP budget (key {@code ip:<address>}); default the system's. */
        public Builder egressAddresses(List<String> addresses) {
            egress.clear();
            addresses.stream().filter(a -> a != null && !a.isBlank()).map(String::trim).distinct().forEach(egress::add);
            return this;
        }

        /** Monotonic time of the local decisions (tests). */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker);
            return this;
        }

        /** The clock that names the quota's month (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * The configuration version stamped on the shared buckets (default {@link ConfigVersion#next()}: the time this
         * instance is built, so the configuration started last wins). A stored bucket of a lower version takes this
         * instance's configuration.
         */
        public Builder configVersion(long version) {
            this.configVersion = version;
            return this;
        }

        /** Where the waits inside {@code acquire} are scheduled (default: Mutiny's default worker pool). */
        public Builder scheduler(java.util.concurrent.ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public FlowControl build() {
            return new FlowControl(this);
        }
    }
}
