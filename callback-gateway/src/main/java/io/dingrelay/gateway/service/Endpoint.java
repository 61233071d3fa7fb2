package io.dingrelay.gateway.service;

/** The two callback endpoints, as metric tags and log fields. */
public enum Endpoint {
    /** {@code POST /dingtalk/apps/{app}/events}: encrypted event pushes. */
    EVENTS("events"),
    /** {@code POST /dingtalk/apps/{app}/robot}: robot message callbacks. */
    ROBOT("robot");

    private final String tag;

    Endpoint(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
