package io.dingrelay.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The CloudEvents 1.0 attributes of one Kafka record in binary mode: they travel as {@code ce_*} headers and the
 * data is the JSON record value (CloudEvents Kafka protocol binding, §3.2).
 *
 * @param id      unique per source; our ids make reprocessing harmless (eventId, msgId, runId+targetId)
 * @param source  URI-reference of the producer, e.g. {@code /dingrelay/callback-gateway/apps/main}
 * @param type    one of {@link CloudEventTypes}
 * @param subject optional finer routing key, e.g. the DingTalk EventType
 * @param time    when the occurrence happened
 */
public record CloudEvent(String id, String source, String type, String subject, Instant time) {

    public static final String SPEC_VERSION = "1.0";
    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_SUBJECT = "ce_subject";
    public static final String HEADER_TIME = "ce_time";
    public static final String HEADER_CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
    }

    /** The headers of this event in Kafka binary mode, as UTF-8 strings. */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(HEADER_SPEC_VERSION, SPEC_VERSION);
        h.put(HEADER_ID, id);
        h.put(HEADER_SOURCE, source);
        h.put(HEADER_TYPE, type);
        if (subject != null) {
            h.put(HEADER_SUBJECT, subject);
        }
        h.put(HEADER_TIME, time.toString());
        h.put(HEADER_CONTENT_TYPE, JSON);
        return h;
    }

    /** The headers as Kafka stores them (UTF-8 bytes). */
    public Map<String, byte[]> headerBytes() {
        Map<String, byte[]> h = new LinkedHashMap<>();
        headers().forEach((k, v) -> h.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return h;
    }

    /**
     * Reads the attributes back from record headers.
     *
     * @param header returns a header's last value as a string, or null when absent
     * @return the event, or null if the record is not a CloudEvent (no {@code ce_id}/{@code ce_type})
     */
    public static CloudEvent fromHeaders(Function<String, String> header) {
        String id = header.apply(HEADER_ID);
        String type = header.apply(HEADER_TYPE);
        String source = header.apply(HEADER_SOURCE);
        String time = header.apply(HEADER_TIME);
        if (id == null || type == null || source == null) {
            return null;
        }
        Instant at;
        try {
            at = time == null ? Instant.EPOCH : Instant.parse(time);
        } catch (RuntimeException e) {
            at = Instant.EPOCH;
        }
        return new CloudEvent(id, source, type, header.apply(HEADER_SUBJECT), at);
    }
}
