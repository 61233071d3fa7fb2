package io.dingrelay.simulator.group;

import io.dingrelay.simulator.limit.RobotThrottle;
import io.dingrelay.simulator.record.DuplicateMemory;
import io.dingrelay.simulator.record.MessageLog;
import io.dingrelay.simulator.record.RateMeter;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One simulated DingTalk group with its custom robot. Immutable identity and security settings; state,
 * rate window, message log and counters are small per-group objects so concurrent sends to different
 * groups never share a lock.
 */
public final class Group {

    private final long seq;
    private final String conversationId;
    private final String name;
    private final Set<Security> security;
    private final List<String> keywords;
    private final IpAllowList ips;
    private final String accessToken;
    private final String secret;
    private final long createdAt;
    private volatile GroupState state = GroupState.ACTIVE;

    private final RobotThrottle throttle = new RobotThrottle();
    private final MessageLog log = new MessageLog();
    private final DuplicateMemory duplicates = new DuplicateMemory();
    private final RateMeter rate = new RateMeter();
    // Plain volatile longs with field updaters: 16 bytes per group instead of two LongAdders (300,000 groups).
    private static final AtomicLongFieldUpdater<Group> ACCEPTED = AtomicLongFieldUpdater.newUpdater(Group.class, "accepted");
    private static final AtomicLongFieldUpdater<Group> REJECTED = AtomicLongFieldUpdater.newUpdater(Group.class, "rejected");
    private static final AtomicLongFieldUpdater<Group> ABSORBED = AtomicLongFieldUpdater.newUpdater(Group.class, "absorbed");
    private volatile long accepted;
    private volatile long rejected;
    private volatile long absorbed;

    public Group(long seq, String conversationId, String name, Set<Security> security, List<String> keywords,
                 IpAllowList ips, String accessToken, String secret, long createdAt) {
        this.seq = seq;
        this.conversationId = conversationId;
        this.name = name;
        this.security = security;
        this.keywords = List.copyOf(keywords);
        this.ips = ips;
        this.accessToken = accessToken;
        this.secret = secret;
        this.createdAt = createdAt;
    }

    public long seq() { return seq; }
    /** {@code g<seq>}, built when asked rather than stored: one String less per group at 300,000 groups. */
    public String id() { return "g" + seq; }
    public String conversationId() { return conversationId; }
    public String name() { return name; }
    public Set<Security> security() { return security; }
    public List<String> keywords() { return keywords; }
    public IpAllowList ips() { return ips; }
    public String accessToken() { return accessToken; }
    /** The {@code SEC…} signing secret, or null when the robot does not use 加签. */
    public String secret() { return secret; }
    public long createdAt() { return createdAt; }
    public GroupState state() { return state; }
    public void state(GroupState next) { state = next; }
    public RobotThrottle throttle() { return throttle; }
    public MessageLog log() { return log; }
    public DuplicateMemory duplicates() { return duplicates; }
    public RateMeter rate() { return rate; }
    public long accepted() { return accepted; }
    public long rejected() { return rejected; }
    /** Webhook re-sends of a msgUuid this group already had (answered as accepted, not shown again). */
    public long absorbed() { return absorbed; }
    public void countAccepted() { ACCEPTED.incrementAndGet(this); }
    public void countRejected() { REJECTED.incrementAndGet(this); }
    public void countAbsorbed() { ABSORBED.incrementAndGet(this); }
    public void resetCounters() {
        ACCEPTED.set(this, 0);
        REJECTED.set(this, 0);
        ABSORBED.set(this, 0);
    }
}
