package io.dingrelay.protocol.message;

import io.dingrelay.protocol.DingTalkProtocolException;

/**
 * A JSON document (robot message, incoming callback, event, reply) is unreadable or breaks one of
 * DingTalk's rules. {@link #field()} is the JSON path at fault, e.g. {@code markdown.title} or
 * {@code actionCard.btns[0].actionURL}; {@code body} when the document itself is not JSON.
 */
public final class MalformedMessageException extends DingTalkProtocolException {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String field, String detail) {
        super(field, "[" + field + "]: " + detail);
    }
}
