package io.dingrelay.simulator.record;

/**
 * A message a group received, as the page and {@code GET /sim/groups/{id}/messages} show it.
 *
 * @param seq         global sequence number (newer is larger); the page polls with {@code after=seq}
 * @param receivedAt  epoch ms on the simulator's clock
 * @param channel     {@code webhook}, {@code session} or {@code openapi}
 * @param msgtype     text, markdown, link, actionCard, feedCard (OpenAPI templates are shown as their webhook twin)
 * @param json        the message JSON as received (OpenAPI: converted to the webhook shape for display)
 * @param msgUuid     the sender's idempotency key, if any
 * @param duplicate   whether this group already received the same msgUuid or the same body in this run
 */
public record StoredMessage(long seq, long receivedAt, String channel, String msgtype, String json, String msgUuid,
                            boolean duplicate) {
}
