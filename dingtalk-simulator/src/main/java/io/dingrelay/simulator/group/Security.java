package io.dingrelay.simulator.group;

import java.util.Locale;

/** A custom robot's security settings (安全设置); DingTalk requires at least one, the simulator also allows none. */
public enum Security {
    /** 加签: {@code timestamp} and {@code sign} query parameters, HMAC-SHA256 with the {@code SEC…} secret. */
    SIGN,
    /** 自定义关键词: the message must contain one of up to 10 keywords. */
    KEYWORDS,
    /** IP地址（段）: the caller's IPv4 address must be in the allow-list. */
    IP,
    /** No check (not possible on DingTalk; handy for benchmarks). */
    NONE;

    public static Security parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("security: must be sign, keywords, ip or none, was '" + value + "'");
        }
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
