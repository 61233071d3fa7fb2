package io.dingrelay.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.simulator.callback.AppKeys;
import io.dingrelay.simulator.callback.CallbackPayloads;
import io.dingrelay.simulator.callback.CallbackSender;
import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.group.GroupStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Makes the simulator call the gateway as DingTalk would: one event push or one @robot message per request. */
@Path("/sim/callbacks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CallbackTriggerResource {

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-zA-Z_]{3,64}");

    /**
     * {@code type}: check_url, chat_disband, chat_quit, chat_update_title, chat_add_member, im_cool_app_install, …;
     * {@code groupId}: the group it concerns (not needed for check_url and org-wide events);
     * {@code fields}: extra plaintext fields, added last.
     */
    public record EventRequest(String app, String type, String groupId, Map<String, JsonNode> fields) {
    }

    public record RobotMessageRequest(String app, String groupId, String text, String senderNick, String senderStaffId,
                                      Boolean isAdmin) {

        /** Who speaks: the given sender, or the default test user. One place for both triggers (HTTP callback, Stream). */
        CallbackPayloads.Speaker speaker() {
            return new CallbackPayloads.Speaker(senderNick == null ? "测试用户" : senderNick,
                    senderStaffId == null ? "user123" : senderStaffId, Boolean.TRUE.equals(isAdmin));
        }
    }

    private final CallbackSender sender;
    private final GroupStore groups;
    private final PublicUrl publicUrl;

    public CallbackTriggerResource(CallbackSender sender, GroupStore groups, PublicUrl publicUrl) {
        this.sender = sender;
        this.groups = groups;
        this.publicUrl = publicUrl;
    }

    @POST
    @Path("/events")
    public Uni<Map<String, Object>> event(EventRequest req) {
        if (req == null) {
            throw new IllegalArgumentException("body: a JSON object is required");
        }
        AppKeys app = sender.app(req.app());
        if (req.type() == null || !EVENT_TYPE.matcher(req.type()).matches()) {
            throw new IllegalArgumentException("type: required, an EventType such as check_url or chat_disband");
        }
        Group g = req.groupId() == null ? null : group(req.groupId());
        boolean needsGroup = req.type().startsWith("chat_") || req.type().startsWith("im_cool_app") || req.type().startsWith("robot_msg");
        if (needsGroup && g == null) {
            throw new IllegalArgumentException("groupId: required for " + req.type());
        }
        return sender.sendEvent(app, req.type(), g, req.fields()).map(r -> {
            Map<String, Object> out = view(r);
            out.put("eventId", r.sent().get("eventId"));
            out.put("replyDecryptedAndVerified", r.accepted());
            return out;
        });
    }

    @POST
    @Path("/robot-messages")
    public Uni<Map<String, Object>> robotMessage(RobotMessageRequest req, @Context UriInfo uri) {
        if (req == null) {
            throw new IllegalArgumentException("body: a JSON object is required");
        }
        AppKeys app = sender.app(req.app());
        if (req.groupId() == null) {
            throw new IllegalArgumentException("groupId: required");
        }
        Group g = group(req.groupId());
        if (req.text() == null || req.text().isBlank()) {
            throw new IllegalArgumentException("text: required");
        }
        CallbackPayloads.Speaker who = req.speaker();
        return sender.sendRobotMessage(app, g, req.text(), who, publicUrl.base(uri)).map(r -> {
            Map<String, Object> out = view(r);
            out.put("sessionWebhook", r.sent().get("sessionWebhook"));
            out.put("replyValid", r.accepted());
            return out;
        });
    }

    private Group group(String id) {
        return groups.byId(id).orElseThrow(() -> new IllegalArgumentException("groupId: unknown group '" + id + "'"));
    }

    private static Map<String, Object> view(CallbackSender.Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", r.url());
        out.put("gatewayStatus", r.status());
        out.put("gatewayBody", r.body());
        out.put("accepted", r.accepted());
        out.put("verdict", r.verdict());
        out.put("latencyMs", r.latencyMs());
        out.put("sent", r.sent());
        return out;
    }
}
