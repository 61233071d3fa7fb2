package io.dingrelay.gateway.service;

/**
 * Every way a callback can be refused, with its HTTP status and the {@code error} code of the JSON answer. The code
 * is also the {@code reason} tag of the rejection counter, so the set is small and fixed.
 */
public enum RejectReason {
    /** No app of that name is configured. */
    UNKNOWN_APP(404, "no DingTalk app of that name is configured"),
    /** The app is configured but switched off ({@code enabled=false}). */
    APP_DISABLED(404, "this app is disabled"),
    /** The app does not serve this endpoint ({@code endpoints.events|robot=false}). */
    ENDPOINT_DISABLED(404, "this endpoint is disabled for this app"),
    /** The caller's address is outside the app's allow-list. */
    SOURCE_NOT_ALLOWED(403, "the source address is not allowed for this app"),
    /** The body is larger than {@code gateway.http.max-body-bytes}. */
    TOO_LARGE(413, "the body is too large"),
    /** The Content-Type is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415, "the Content-Type must be application/json"),
    /** A query parameter is given twice with different values (a missing one is {@link #SIGNATURE_MISSING}). */
    BAD_QUERY(400, "a query parameter is ambiguous"),
    /** A header is given more than once. */
    BAD_HEADER(400, "a header is given more than once"),
    /** The body is empty, not UTF-8, not a JSON object, or misses a required field. */
    MALFORMED_BODY(400, "the body is not a valid callback"),
    /** The signature matched but the ciphertext does not decrypt to a well-formed plaintext. */
    BAD_CIPHERTEXT(400, "the encrypted payload is malformed"),
    /** The decrypted event is not a JSON object with an EventType. */
    MALFORMED_EVENT(400, "the decrypted event is not a valid event"),
    /**
     * The signature is absent: a robot callback without {@code timestamp} or {@code sign}, an event push without
     * {@code signature}, {@code timestamp} or {@code nonce} (each empty counts as absent).
     */
    SIGNATURE_MISSING(401, "the signature is missing"),
    /** The signature or its timestamp is not in the expected format. */
    SIGNATURE_MALFORMED(401, "the signature is malformed"),
    /** The signed timestamp is too old. */
    SIGNATURE_STALE(401, "the signed timestamp is too old"),
    /** The signed timestamp is in the future. */
    SIGNATURE_FUTURE(401, "the signed timestamp is in the future"),
    /** The signature does not match. */
    BAD_SIGNATURE(401, "the signature does not match"),
    /** The encrypted payload was addressed to another receiver (ownerKey). */
    WRONG_RECEIVER(401, "the payload is addressed to another receiver"),
    /** Kafka did not acknowledge the records in time (or refused them): not kept, so not acknowledged. */
    NOT_DURABLE(503, "the callback could not be stored durably in time; retry later"),
    /** A bug: logged with its stack trace, answered without details. */
    INTERNAL_ERROR(500, "the gateway failed unexpectedly");

    private final int status;
    private final String description;
    private final String code;
    private final String statusTag;

    RejectReason(int status, String description) {
        this.status = status;
        this.description = description;
        this.code = name().toLowerCase(java.util.Locale.ROOT);
        this.statusTag = Integer.toString(status);
    }

    public int status() {
        return status;
    }

    /** The {@code error} field of the answer and the metric tag, e.g. {@code bad_signature}. */
    public String code() {
        return code;
    }

    /** {@link #status()} as a metric tag. */
    public String statusTag() {
        return statusTag;
    }

    /** A fixed sentence for the answer's {@code message}. */
    public String description() {
        return description;
    }
}
