package io.dingrelay.screenshot.render;

/** Why a render did not give a picture; the message is safe to show to the caller and to log. */
public final class RenderFailure extends RuntimeException {

    /** The outcome, as counted in {@code dingrelay_screenshot_renders_total{outcome}}. */
    public enum Kind {
        /** The page did not become ready (or the screenshot did not finish) in time; the page was replaced. */
        TIMEOUT,
        /** The page's renderer or the whole browser crashed; the page was replaced, the browser relaunched. */
        CRASH,
        /** The page answered an error, could not be loaded, or gave a picture over the size limit. */
        ERROR,
        /** Too many renders waiting. */
        BUSY,
        /** No working browser (missing Chromium, no CJK font, shutting down). */
        UNAVAILABLE
    }

    private final Kind kind;

    public RenderFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The lower-case name used in metrics and answers. */
    public String code() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
