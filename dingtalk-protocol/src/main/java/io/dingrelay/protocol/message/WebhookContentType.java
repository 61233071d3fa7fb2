package io.dingrelay.protocol.message;

import io.dingrelay.protocol.answer.DingTalkErrcode;

/**
 * The Content-Type of a custom-robot webhook or sessionWebhook call (§4): DingTalk accepts the media type
 * {@code application/json} in any case and with any parameters, and answers anything else (a missing header
 * included) with {@link DingTalkErrcode#INVALID_CONTENT_TYPE 43004}.
 */
public final class WebhookContentType {

    /** What a sender sends: the bodies are UTF-8 JSON. */
    public static final String JSON_UTF8 = "application/json; charset=utf-8";

    private WebhookContentType() {
    }

    /** Whether DingTalk takes a call with this Content-Type header (null when absent). */
    public static boolean accepted(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String mime = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim();
        return mime.equalsIgnoreCase("application/json");
    }
}
