package io.dingrelay.protocol.message;

import io.dingrelay.protocol.DingTalkProtocolException;
import java.util.Objects;

/**
 * A JSON document (robot message, incoming callback, event, reply, OpenAPI {@code msgParam}) is unreadable
 * or breaks one of DingTalk's rules. {@link #field()} is the JSON path at fault, e.g. {@code markdown.title}
 * or {@code actionCard.btns[0].actionURL}; {@code body} when the document itself is not JSON.
 * {@link #problem()} says what kind of fault it is, so callers can choose an answer without reading the
 * message text.
 */
public final class MalformedMessageException extends DingTalkProtocolException {

    private static final long serialVersionUID = 1L;

    /** What the parser found wrong: the distinctions it actually makes, one per throw site kind. */
    public enum Problem {
        /** The document is absent, empty, not valid JSON (or not valid UTF-8), or not a JSON object. */
        NOT_JSON,
        /**
         * A required field is absent, JSON null or an empty string; or a required list is empty
         * (an actionCard without buttons or single jump, a feedCard without links).
         */
        MISSING_FIELD,
        /** A field holds the wrong JSON type: a number where a string belongs, a string where a boolean does, … */
        WRONG_TYPE,
        /**
         * A field has the right JSON type but a value DingTalk does not accept: {@code btnOrientation} other than
         * "0"/"1", an empty optional string, a number out of range, a string with an unpaired UTF-16 surrogate.
         */
        INVALID_VALUE,
        /**
         * {@code msgtype} is present but names no type the channel accepts: an unknown name, a value that is
         * not a string, or {@code empty} where only a synchronous callback reply may use it.
         */
        UNSUPPORTED_MSGTYPE,
        /** More {@code at.atUserIds} than DingTalk allows (50). */
        TOO_MANY_AT_USERS
    }

    private final Problem problem;

    public MalformedMessageException(Problem problem, String field, String detail) {
        super(field, "[" + field + "]: " + detail, detail, null);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** What is wrong with {@link #field()}; never null. */
    public Problem problem() {
        return problem;
    }
}
