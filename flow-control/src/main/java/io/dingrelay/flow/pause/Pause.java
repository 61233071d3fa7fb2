package io.dingrelay.flow.pause;

import io.dingrelay.flow.ScopeKey;
import java.time.Duration;

/**
 * A scope DingTalk banned, for how long, and why.
 *
 * @param key      exactly what is paused: one robot, one egress IP, one app's API, one organisation
 * @param duration DingTalk's ban, from the protocol library's classification (robot 10 min, IP 5 min, app 1 s …)
 * @param code     DingTalk's code ({@code 410100}, {@code 1111}, {@code Forbidden.AccessDenied.QpsLimitForAppkeyAndApi} …)
 */
public record Pause(ScopeKey key, Duration duration, String code) {
}
