package io.dingrelay.console.client;

/** The services the console talks to, by the names the operator knows them by (their module names). */
public enum Service {
    REGISTRY("robot-registry"),
    DISPATCHER("push-dispatcher"),
    CHAT_BRIDGE("chat-bridge"),
    SCREENSHOT_WORKER("screenshot-worker");

    private final String displayName;

    Service(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
