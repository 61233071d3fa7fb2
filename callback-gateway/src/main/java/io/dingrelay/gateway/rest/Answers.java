package io.dingrelay.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.gateway.service.CallbackRejectedException;
import io.dingrelay.gateway.service.RejectReason;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON answers of the callback endpoints. */
final class Answers {

    /** What a robot callback is answered when the gateway has nothing to say synchronously (§3.3). */
    static final String ROBOT_EMPTY = "{\"msgtype\":\"empty\"}";

    private Answers() {
    }

    static Response ok(String json) {
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * {@code {"error":"bad_signature","message":"…","field":"sign","detail":"…"}} with the reason's status. The detail
     * comes from {@code dingtalk-protocol}, whose messages never contain secrets or decrypted content.
     */
    static Response rejected(CallbackRejectedException e) {
        return rejected(e.reason(), e.field(), e.detail());
    }

    static Response rejected(RejectReason reason, String field, String detail) {
        Response.ResponseBuilder answer = Response.status(reason.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json(reason, field, detail));
        if (reason.status() == 503) {
            answer.header("Retry-After", "1");
        }
        return answer.build();
    }

    /** The body of a refusal, also written directly by {@link CallbackEdgeFilter}. */
    static String json(RejectReason reason, String field, String detail) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("error", reason.code());
        body.put("message", reason.description());
        if (field != null) {
            body.put("field", field);
        }
        if (detail != null) {
            body.put("detail", detail);
        }
        return body.toString();
    }
}
