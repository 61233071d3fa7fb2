package io.dingrelay.chat.client;

/**
 * What DingTalk answered to one webhook send.
 *
 * @param httpStatus the HTTP status
 * @param errcode    DingTalk's errcode; 0 when it accepted the message
 * @param errmsg     DingTalk's errmsg, or a short description when the body was not DingTalk's JSON
 */
public record WebhookAnswer(int httpStatus, long errcode, String errmsg) {

    /** errcode used when the answer carried no errcode we could read (HTML ban page, proxy error...). */
    public static final long UNREADABLE = -1;

    /** DingTalk accepted the message: a 2xx with errcode 0. */
    public boolean accepted() {
        return httpStatus / 100 == 2 && errcode == 0;
    }

    /** Why it was not accepted, as a low-cardinality metric tag. */
    public String failureReason() {
        if (httpStatus / 100 != 2) {
            return "http-status";
        }
        return errcode == UNREADABLE ? "unreadable-answer" : "errcode";
    }
}
