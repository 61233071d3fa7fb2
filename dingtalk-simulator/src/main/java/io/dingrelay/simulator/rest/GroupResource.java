package io.dingrelay.simulator.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.group.GroupState;
import io.dingrelay.simulator.group.GroupStore;
import io.dingrelay.simulator.group.Security;
import io.dingrelay.simulator.record.StoredMessage;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Groups and their robots: create, list, inspect, disband, stop, revoke; what each group received. */
@Path("/sim/groups")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class GroupResource {

    private static final int MAX_PAGE = 1000;
    private static final int MAX_BULK = 10_000;

    /** {@code security} is a string ({@code "sign"}) or a list ({@code ["sign","keywords"]}). */
    public record CreateGroup(String name, JsonNode security, List<String> keywords, List<String> ips) {
    }

    /** Creates {@code count} groups named {@code namePrefix-N} with the same settings. */
    public record CreateGroups(Integer count, String namePrefix, JsonNode security, List<String> keywords, List<String> ips) {
    }

    public record Created(String id, String conversationId, String webhook, String secret, String accessToken) {
    }

    public record Page(List<GroupView> groups, String next) {
    }

    public record MessageView(long seq, long receivedAt, String channel, String msgtype, @JsonRawValue String message,
                              String msgUuid, boolean duplicate) {
        static MessageView of(StoredMessage m) {
            return new MessageView(m.seq(), m.receivedAt(), m.channel(), m.msgtype(), m.json(), m.msgUuid(), m.duplicate());
        }
    }

    public record Messages(GroupView group, List<MessageView> messages) {
    }

    private final GroupStore groups;
    private final SimClock clock;
    private final PublicUrl publicUrl;

    public GroupResource(GroupStore groups, SimClock clock, PublicUrl publicUrl) {
        this.groups = groups;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateGroup req, @Context UriInfo uri) {
        if (req == null) {
            throw new IllegalArgumentException("body: a JSON object is required");
        }
        Group g = groups.create(req.name(), security(req.security()), req.keywords(), req.ips());
        return Response.status(201).entity(created(g, publicUrl.base(uri))).build();
    }

    @POST
    @Path("/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createMany(CreateGroups req, @Context UriInfo uri) {
        if (req == null || req.count() == null) {
            throw new IllegalArgumentException("count: required");
        }
        if (req.count() < 1 || req.count() > MAX_BULK) {
            throw new IllegalArgumentException("count: must be between 1 and " + MAX_BULK);
        }
        Set<Security> sec = security(req.security());
        String prefix = req.namePrefix() == null || req.namePrefix().isBlank() ? "group" : req.namePrefix();
        String base = publicUrl.base(uri);
        List<Created> out = new ArrayList<>(req.count());
        for (int i = 1; i <= req.count(); i++) {
            out.add(created(groups.create(prefix + "-" + i, sec, req.keywords(), req.ips()), base));
        }
        return Response.status(201).entity(Map.of("groups", out)).build();
    }

    @GET
    public Page list(@QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") String limitParam,
                     @Context UriInfo uri) {
        int limit = (int) number("limit", limitParam);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_PAGE);
        }
        long afterSeq = 0;
        if (after != null && !after.isBlank()) {
            afterSeq = groups.byId(after).map(Group::seq)
                    .orElseThrow(() -> new IllegalArgumentException("after: unknown group id '" + after + "'"));
        }
        List<Group> page = groups.page(afterSeq, limit + 1);
        String next = page.size() > limit ? page.get(limit - 1).id() : null;
        String base = publicUrl.base(uri);
        long now = clock.millis();
        return new Page(page.stream().limit(limit).map(g -> GroupView.of(g, base, now)).toList(), next);
    }

    @GET
    @Path("/{id}")
    public GroupView get(@PathParam("id") String id, @Context UriInfo uri) {
        return GroupView.of(find(id), publicUrl.base(uri), clock.millis());
    }

    /** Disbands the group: later sends answer 400013. */
    @DELETE
    @Path("/{id}")
    public GroupView disband(@PathParam("id") String id, @Context UriInfo uri) {
        return transition(id, GroupState.DISBANDED, uri);
    }

    /** Stops the robot: later sends answer 400102. */
    @POST
    @Path("/{id}/robot/stop")
    public GroupView stop(@PathParam("id") String id, @Context UriInfo uri) {
        return transition(id, GroupState.ROBOT_STOPPED, uri);
    }

    /** Revokes the robot's access_token (robot removed or webhook reset): later sends answer the token errcode. */
    @POST
    @Path("/{id}/token/revoke")
    public GroupView revoke(@PathParam("id") String id, @Context UriInfo uri) {
        return transition(id, GroupState.TOKEN_REVOKED, uri);
    }

    /** Undoes disband/stop/revoke (not possible on DingTalk; handy between test cases). */
    @POST
    @Path("/{id}/restore")
    public GroupView restore(@PathParam("id") String id, @Context UriInfo uri) {
        return transition(id, GroupState.ACTIVE, uri);
    }

    @GET
    @Path("/{id}/messages")
    public Messages messages(@PathParam("id") String id, @QueryParam("after") @DefaultValue("0") String afterParam,
                             @Context UriInfo uri) {
        long after = number("after", afterParam);
        Group g = find(id);
        return new Messages(GroupView.of(g, publicUrl.base(uri), clock.millis()),
                g.log().list(after).stream().map(MessageView::of).toList());
    }

    private GroupView transition(String id, GroupState next, UriInfo uri) {
        Group g = find(id);
        g.state(next);
        return GroupView.of(g, publicUrl.base(uri), clock.millis());
    }

    private Group find(String id) {
        return groups.byId(id).orElseThrow(() -> new NotFoundException("group '" + id + "'"));
    }

    private static Created created(Group g, String base) {
        return new Created(g.id(), g.conversationId(), GroupView.webhook(base, g), g.secret(), g.accessToken());
    }

    /** Query parameters are taken as strings so a bad one is a 400 naming it (JAX-RS would answer a bare 404). */
    static long number(String field, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": must be a whole number, was '" + value + "'");
        }
    }

    static Set<Security> security(JsonNode node) {
        Set<Security> out = EnumSet.noneOf(Security.class);
        if (node == null || node.isNull()) {
            out.add(Security.NONE);
        } else if (node.isTextual()) {
            out.add(Security.parse(node.asText()));
        } else if (node.isArray()) {
            node.forEach(n -> {
                if (!n.isTextual()) {
                    throw new IllegalArgumentException("security: entries must be strings");
                }
                out.add(Security.parse(n.asText()));
            });
        } else {
            throw new IllegalArgumentException("security: must be a string or a list of strings");
        }
        return out;
    }
}
