package io.dingrelay.simulator.load;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar quarkus-run.jar sink [--port 18099] [--seconds N]}: the fastest possible "webhook receiver" (plain
 * Vert.x, answers every request with {@code {"errcode":0,"errmsg":"ok"}}), to measure the load generator's own
 * ceiling as the baseline of a benchmark run.
 */
public final class Sink {

    private Sink() {
    }

    public static int run(String[] args, PrintStream out) throws InterruptedException {
        int port = 18099;
        long seconds = 0;
        int loops = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--event-loops" -> loops = Integer.parseInt(args[i + 1]);
                default -> {
                    out.println("usage: sink [--port 18099] [--seconds N (0 = until killed)] [--event-loops 2]");
                    return 2;
                }
            }
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        Buffer ok = Buffer.buffer("{\"errcode\":0,\"errmsg\":\"ok\"}");
        int p = port;
        vertx.deployVerticle(() -> new io.vertx.core.AbstractVerticle() {
            @Override
            public void start() {
                vertx.createHttpServer()
                        .requestHandler(req -> req.body().onComplete(b -> req.response()
                                .putHeader("Content-Type", "application/json").end(ok.copy())))
                        .listen(p, "127.0.0.1");
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().join();
        out.println("sink listening on http://127.0.0.1:" + port + "/");
        CountDownLatch forever = new CountDownLatch(1);
        if (seconds > 0) {
            forever.await(seconds, TimeUnit.SECONDS);
        } else {
            forever.await();
        }
        vertx.close();
        return 0;
    }
}
