package io.dingrelay.events.push;

import java.time.Instant;

/**
 * A delivery given up on, on {@code push.dead-letter}: replay re-sends it as it was.
 *
 * @param delivery the delivery with its message and encrypted credentials
 * @param code     the last DingTalk errcode or failure name
 * @param message  the last error message
 * @param attempts how many attempts were made
 * @param at       when it was given up on
 */
public record DeadLetter(Delivery delivery, String code, String message, int attempts, Instant at) {
}
