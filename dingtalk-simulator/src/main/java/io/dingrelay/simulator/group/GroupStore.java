package io.dingrelay.simulator.group;

import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.simulator.RandomIds;
import io.dingrelay.simulator.clock.SimClock;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All groups, indexed by id, access_token and conversationId (lock-free maps; the hot path does one
 * {@code get} by token). Ordered by creation for paging.
 */
@ApplicationScoped
public class GroupStore {

    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentSkipListMap<Long, Group> bySeq = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Group> byToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Group> byConversation = new ConcurrentHashMap<>();
    private final SimClock clock;
    /** One shared immutable set per combination of settings (there are at most 15), not one per group. */
    private static final ConcurrentHashMap<Set<Security>, Set<Security>> SECURITY_SETS = new ConcurrentHashMap<>();

    public GroupStore(SimClock clock) {
        this.clock = clock;
    }

    /**
     * Creates a group with a fresh robot. Validates like DingTalk's robot settings page: at most 10
     * keywords, non-empty; a valid IPv4 allow-list; keywords/ip settings need their lists.
     */
    public Group create(String name, Set<Security> security, List<String> keywords, List<String> ips) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: required");
        }
        Set<Security> sec = security.isEmpty() ? EnumSet.of(Security.NONE) : EnumSet.copyOf(security);
        if (sec.contains(Security.NONE) && sec.size() > 1) {
            throw new IllegalArgumentException("security: 'none' cannot be combined with other settings");
        }
        List<String> kw = keywords == null ? List.of() : keywords;
        if (sec.contains(Security.KEYWORDS)) {
            if (kw.isEmpty()) {
                throw new IllegalArgumentException("keywords: required when security includes keywords");
            }
            if (kw.size() > DingTalkLimits.MAX_KEYWORDS) {
                throw new IllegalArgumentException("keywords: at most " + DingTalkLimits.MAX_KEYWORDS + " allowed");
            }
            for (int i = 0; i < kw.size(); i++) {
                if (kw.get(i) == null || kw.get(i).isBlank()) {
                    throw new IllegalArgumentException("keywords[" + i + "]: must not be blank");
                }
            }
        }
        List<String> ipList = ips == null ? List.of() : ips;
        if (sec.contains(Security.IP) && ipList.isEmpty()) {
            throw new IllegalArgumentException("ips: required when security includes ip");
        }
        IpAllowList allow = IpAllowList.of(ipList);
        long seq = sequence.incrementAndGet();
        Group g = new Group(seq, "cid" + RandomIds.alnum(24) + "==", name.strip(), SECURITY_SETS.computeIfAbsent(sec, Set::copyOf),
                sec.contains(Security.KEYWORDS) ? kw : List.of(), allow,
                RandomIds.hex(64), sec.contains(Security.SIGN) ? "SEC" + RandomIds.hex(64) : null, clock.millis());
        bySeq.put(seq, g);
        byToken.put(g.accessToken(), g);
        byConversation.put(g.conversationId(), g);
        return g;
    }

    /** Ids are {@code g<sequence>}, so the id leads straight to the ordered map (no second index per group). */
    public Optional<Group> byId(String id) {
        if (id == null || id.length() < 2 || id.charAt(0) != 'g' || id.length() > 19) {
            return Optional.empty();
        }
        for (int i = 1; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(bySeq.get(Long.parseLong(id.substring(1))));
    }

    /** The group whose robot owns this access_token (also a revoked one: the caller answers accordingly). */
    public Group byToken(String token) {
        return token == null ? null : byToken.get(token);
    }

    public Group byConversationId(String cid) {
        return cid == null ? null : byConversation.get(cid);
    }

    /** Up to {@code limit} groups created after the group with sequence {@code afterSeq}. */
    public List<Group> page(long afterSeq, int limit) {
        List<Group> out = new ArrayList<>(Math.min(limit, 1000));
        for (Group g : bySeq.tailMap(afterSeq, false).values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(g);
        }
        return out;
    }

    public Collection<Group> all() {
        return bySeq.values();
    }

    public int size() {
        return bySeq.size();
    }

    /** Forgets every group (POST /sim/reset?groups=true). */
    public void clear() {
        bySeq.clear();
        byToken.clear();
        byConversation.clear();
    }
}
