package io.dingrelay.gateway.bench;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The benchmark's baseline: a constant answer through the same server and REST layer as the callbacks. Benchmark code
 * (src/bench): in the application only when built with {@code -Pbench} ({@code bench/run.sh} does), and in the
 * tests, which use it to see that the server still answers.
 */
@Path("/dingtalk/ping")
public class PingResource {

    private static final String PING_REPLY = "{\"errcode\":0,\"errmsg\":\"ok\"}";

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> ping() {
        return Uni.createFrom().item("pong");
    }

    /**
     * The same, for load generators that only post: answered like a DingTalk webhook ({@code errcode 0}) so the
     * simulator's generator counts it as a success. The body is ignored.
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<String> pingPost() {
        return Uni.createFrom().item(PING_REPLY);
    }
}
