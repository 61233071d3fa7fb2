package io.dingrelay.chat.delivery;

import io.dingrelay.protocol.answer.Classification;

/**
 * The outcome of one reply.
 *
 * @param channel  where it went last
 * @param answer   DingTalk's answer there (classified by the protocol library)
 * @param attempts requests made, over both channels
 */
public record Delivery(ReplyChannel channel, Classification answer, int attempts) {

    public boolean delivered() {
        return answer.isDelivered();
    }
}
