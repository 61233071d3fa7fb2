package io.dingrelay.simulator.session;

/**
 * A sessionWebhook handed out with a robot callback.
 *
 * @param id         the {@code session} query value
 * @param groupId    the group the @robot message came from
 * @param app        the app whose robot was @-mentioned
 * @param openedAt   epoch ms on the simulator clock
 * @param expiresAt  epoch ms; {@code sessionWebhookExpiredTime} of the callback
 */
public record Session(String id, String groupId, String app, long openedAt, long expiresAt) {
}
