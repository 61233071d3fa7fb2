package io.dingrelay.client;

import io.dingrelay.protocol.answer.Classification;

/** DingTalk would not give an app an access token; {@link #classification()} says why (e.g. invalidClientIdOrSecret). */
public final class AccessTokenException extends RuntimeException {

    private final transient Classification classification;

    AccessTokenException(String app, Classification classification) {
        super("no access token for app " + app + ": " + classification.code() + " " + classification.message(), null, false, false);
        this.classification = classification;
    }

    public Classification classification() {
        return classification;
    }
}
