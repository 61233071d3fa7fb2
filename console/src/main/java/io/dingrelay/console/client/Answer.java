package io.dingrelay.console.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a service answered, or that it could not be reached. Never thrown: every page decides what to show, so a
 * service that is down costs only its own panel.
 *
 * @param status  HTTP status, 0 when the service could not be reached (refused, timed out)
 * @param failure why it could not be reached (status 0 only)
 */
public record Answer(Service service, String baseUrl, int status, byte[] body, String contentType, String failure) {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** The mapper the console reads and writes the services' JSON with. */
    public static ObjectMapper mapper() {
        return JSON;
    }

    public static Answer down(Service service, String baseUrl, Throwable t) {
        String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof java.util.concurrent.TimeoutException || why.contains("timeout") || why.contains("Timeout")) {
            why = "no answer in time (" + why + ")";
        }
        return new Answer(service, baseUrl, 0, new byte[0], null, why);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean reachable() {
        return status != 0;
    }

    public boolean notFound() {
        return status == 404;
    }

    /**
     * The status a console page answers with when it could not use this answer: the service's own 404 or 400 when it
     * refused what the page's URL named (an unknown id, a NUL in it: the caller's mistake, so a 4xx as the service
     * said), 502 when the service is down, failed or refused the console itself (a wrong admin token).
     */
    public int pageStatus() {
        return status == 404 || status == 400 ? status : 502;
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as maps, lists, strings and numbers (what templates read); null when it is not JSON. */
    public Object json() {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readValue(body, Object.class);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map() {
        return json() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public List<Object> list() {
        return json() instanceof List<?> l ? (List<Object>) l : List.of();
    }

    public <T> T as(TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(service.displayName() + " answered something unreadable: " + e.getMessage());
        }
    }

    /** The field the service named in its refusal ({@code "field"}), if any. */
    public String field() {
        Object f = map().get("field");
        return f == null ? null : f.toString();
    }

    /** The service's own words for a refusal: its {@code message}, else its {@code error}, else the body. */
    public String reason() {
        if (!reachable()) {
            return failure;
        }
        Map<String, Object> m = map();
        Object message = m.get("message");
        if (message != null && !message.toString().isBlank()) {
            return message.toString();
        }
        Object error = m.get("error");
        if (error != null && !error.toString().isBlank()) {
            return error.toString();
        }
        String t = text().strip();
        return t.isEmpty() ? "HTTP " + status : t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    /** One sentence for a panel: which service, and what went wrong. */
    public String problem() {
        if (!reachable()) {
            return service.displayName() + " is unavailable (" + baseUrl + "): " + failure;
        }
        return service.displayName() + " answered " + status + ": " + reason();
    }
}
