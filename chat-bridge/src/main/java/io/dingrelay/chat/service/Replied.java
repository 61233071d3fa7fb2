package io.dingrelay.chat.service;

import io.dingrelay.events.chat.ChatMessage;

/**
 * What {@link ChatResponder#reply} did with a message, and what {@link ChatResponder#settle} has to write down:
 * the answerer that answered and the channel the answer went through ({@code none} when nobody answered).
 */
public record Replied(ChatMessage message, ReplyResult result, String answerer, String channel) {
}
