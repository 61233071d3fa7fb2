package io.dingrelay.gateway.rest;

import io.dingrelay.gateway.messaging.NotDurableException;
import io.dingrelay.gateway.config.AppRegistry;
import io.dingrelay.gateway.config.ConfiguredApp;
import io.dingrelay.gateway.service.Endpoint;
import io.dingrelay.gateway.metrics.GatewayMetrics;
import io.dingrelay.gateway.metrics.RateLimitedLog;
import io.dingrelay.gateway.service.CallbackRejectedException;
import io.dingrelay.gateway.service.EventPushService;
import io.dingrelay.gateway.service.RejectReason;
import io.dingrelay.gateway.service.RobotMessageService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * DingTalk's two callbacks per app. Everything runs on the event loop: verification is microseconds of CPU, and the
 * only wait, Kafka's acknowledgement, is asynchronous.
 *
 * <p>No {@code @Consumes} or {@code @Produces}: a wrong Content-Type is answered with the gateway's JSON 415 (see
 * {@link CallbackEdgeFilter}), and whatever DingTalk puts in {@code Accept} must not turn an answer into a 406.
 */
@Path("/dingtalk")
public class CallbackResource {

    private static final Logger LOG = Logger.getLogger(CallbackResource.class);

    private final AppRegistry apps;
    private final CallbackAdmission admission;
    private final EventPushService events;
    private final RobotMessageService robot;
    private final GatewayMetrics metrics;
    private final RateLimitedLog notDurableLog = new RateLimitedLog(LOG, 5_000);

    CallbackResource(AppRegistry apps, CallbackAdmission admission, EventPushService events, RobotMessageService robot,
            GatewayMetrics metrics) {
        this.apps = apps;
        this.admission = admission;
        this.events = events;
        this.robot = robot;
        this.metrics = metrics;
    }

    /** An encrypted event push: answered with the encrypted {@code success} once the event is durable. */
    @POST
    @Path("/apps/{app}/events")
    public Uni<Response> events(@PathParam("app") String app, @Context UriInfo uri, @Context HttpServerRequest request,
            byte[] body) {
        return handle(app, Endpoint.EVENTS, () -> {
            ConfiguredApp configured = admission.admit(app, Endpoint.EVENTS, request, body);
            return events.accept(configured, uri.getQueryParameters(), CallbackAdmission.utf8(body)).map(Answers::ok);
        });
    }

    /** A robot message callback: answered {@code {"msgtype":"empty"}} once the message is durable. */
    @POST
    @Path("/apps/{app}/robot")
    public Uni<Response> robot(@PathParam("app") String app, @Context HttpServerRequest request, byte[] body) {
        return handle(app, Endpoint.ROBOT, () -> {
            ConfiguredApp configured = admission.admit(app, Endpoint.ROBOT, request, body);
            return robot.accept(configured, request.headers().getAll("timestamp"), request.headers().getAll("sign"), body)
                    .replaceWith(() -> Answers.ok(Answers.ROBOT_EMPTY));
        });
    }

    /** Runs one callback and turns every refusal into its JSON answer, counted by reason. */
    private Uni<Response> handle(String app, Endpoint endpoint, Supplier<Uni<? extends Response>> callback) {
        // Only configured names reach the log: the path segment is the caller's choice.
        MDC.put("app", apps.isConfigured(app) ? app : "unknown");
        MDC.put("endpoint", endpoint.tag());
        return Uni.createFrom().deferred(callback)
                .onFailure().recoverWithItem(failure -> refuse(app, endpoint, failure));
    }

    private Response refuse(String app, Endpoint endpoint, Throwable failure) {
        if (failure instanceof CallbackRejectedException rejected) {
            metrics.rejected(app, endpoint, rejected.reason());
            LOG.debugf("Refused %s callback: %s", endpoint.tag(), rejected.getMessage());
            return Answers.rejected(rejected);
        }
        if (failure instanceof NotDurableException) {
            metrics.rejected(app, endpoint, RejectReason.NOT_DURABLE);
            // Kafka's reason stays in our log; the caller learns only that it should retry.
            notDurableLog.warn("Answered 503 to " + endpoint.tag() + " callbacks: " + failure.getMessage());
            return Answers.rejected(RejectReason.NOT_DURABLE, null, null);
        }
        metrics.rejected(app, endpoint, RejectReason.INTERNAL_ERROR);
        LOG.errorf(failure, "Unexpected failure in a %s callback", endpoint.tag());
        return Answers.rejected(RejectReason.INTERNAL_ERROR, null, null);
    }
}
