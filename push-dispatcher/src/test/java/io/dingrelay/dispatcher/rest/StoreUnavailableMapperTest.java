package io.dingrelay.dispatcher.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL down or restarting is a 503 with a message and Retry-After, not a 500 (testkit's PostgreSQL is one
 * server per JVM shared by every test and cannot be stopped and started under a running application). The refused
 * connection is a real one: the Vert.x PostgreSQL client asked to query a port nothing listens on.
 */
class StoreUnavailableMapperTest {

    final Vertx vertx = Vertx.vertx();
    final StoreUnavailableMapper mapper = new StoreUnavailableMapper();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void aDatabaseThatRefusesConnectionsIs503WithRetryAfter() throws Exception {
        // Below the ephemeral range, so no outgoing connection can sit on it: nothing listens there.
        int port = io.dingrelay.infra.Ports.free();
        PgPool pool = PgPool.pool(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(port).setDatabase("push_dispatcher")
                .setUser("postgres").setPassword("postgres"), new PoolOptions().setMaxSize(1));
        Throwable failure = pool.query("SELECT 1").execute().toCompletionStage().toCompletableFuture()
                .handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(java.net.ConnectException.class);

        Response r = mapper.refused((java.net.ConnectException) failure);

        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(((Map<?, ?>) r.getEntity()).get("error")).asString()
                .isEqualTo("the database is unavailable (connection refused), try again in a few seconds");
    }

    @Test
    void postgresShuttingDownOrStartingUpIs503AndAnyOtherErrorOfItsA500() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "08006"}) {
            Response r = mapper.postgres(new PgException("the database system is starting up", "FATAL", state, null));
            assertThat(r.getStatus()).as(state).isEqualTo(503);
            assertThat(((Map<?, ?>) r.getEntity()).get("error")).asString().contains("PostgreSQL " + state);
        }
        Response bug = mapper.postgres(new PgException("column \"nope\" does not exist", "ERROR", "42703", null));
        assertThat(bug.getStatus()).isEqualTo(500);
        assertThat(bug.getHeaderString("Retry-After")).isNull();
        assertThat(((Map<?, ?>) bug.getEntity()).get("error")).asString().contains("SQLSTATE 42703");
    }

    @Test
    void aConnectionClosedUnderTheStatementIs503() {
        Response r = mapper.closed(io.vertx.sqlclient.ClosedConnectionException.INSTANCE);
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(((Map<?, ?>) r.getEntity()).get("error")).asString().contains("connection closed");
    }
}
