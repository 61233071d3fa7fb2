package io.dingrelay.simulator.record;

/**
 * One refused call, as {@code GET /sim/rejections} lists it.
 *
 * @param at       epoch ms on the simulator's clock
 * @param channel  webhook, session, openapi or token
 * @param groupId  the group addressed, if known
 * @param code     DingTalk's errcode, or the OpenAPI code string, or {@code punish} for an IP ban
 * @param message  the errmsg/message answered
 * @param ip       the client IP
 */
public record Rejection(long at, String channel, String groupId, String code, String message, String ip) {
}
