package io.dingrelay.simulator.rest;

import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.group.Security;

import java.util.List;

/** A group as the admin API shows it, with its robot's webhook and secret and its counters. */
public record GroupView(String id, String name, String conversationId, String webhook, String accessToken, String secret,
                        List<String> security, List<String> keywords, List<String> ips, String state, long createdAt,
                        long accepted, long rejected, long absorbed, int lastMinute, long bannedUntil) {

    static GroupView of(Group g, String baseUrl, long now) {
        return new GroupView(g.id(), g.name(), g.conversationId(), webhook(baseUrl, g), g.accessToken(), g.secret(),
                g.security().stream().sorted().map(Security::json).toList(), g.keywords(), g.ips().entries(),
                g.state().name(), g.createdAt(), g.accepted(), g.rejected(), g.absorbed(),
                g.throttle().lastMinute(now), g.throttle().bannedUntil(now));
    }

    static String webhook(String baseUrl, Group g) {
        return baseUrl + "/robot/send?access_token=" + g.accessToken();
    }
}
