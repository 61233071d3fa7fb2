package io.dingrelay.dispatcher.support;

import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The module's test resources, declared once and global (testkit's advice: every @QuarkusTest shares one start):
 * a real Kafka broker with the push topics at their production partition counts, a real PostgreSQL, the simulator
 * and the audience stand-in.
 */
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false, initArgs = @ResourceArg(name = "topics",
        value = "push.batches:12,push.retry.30s:12,push.retry.5m:12,push.retry.15m:12,push.retry.1h:12,push.retry.4h:12,push.dead-letter:12,push.outcomes:12,"
                + "screenshot.requests:1,screenshot.ready:1"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "push_dispatcher"))
@QuarkusTestResource(value = DeliveryWorld.class, restrictToAnnotatedClass = false)
public class TestResources {
}
