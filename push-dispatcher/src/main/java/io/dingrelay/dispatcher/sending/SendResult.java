package io.dingrelay.dispatcher.sending;

import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.protocol.answer.Classification;

/** One attempt: its target, attempt number, DingTalk's classified answer and how long the send took. */
record SendResult(DeliveryTarget target, int attempt, Classification answer, long nanos) {
}
