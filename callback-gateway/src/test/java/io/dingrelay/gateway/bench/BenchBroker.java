package io.dingrelay.gateway.bench;

import io.dingrelay.gateway.support.GatewayTopics;
import io.dingrelay.infra.KafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A real broker for benchmarks, in its own JVM: {@code BenchBroker <data-dir> <broker-port>}. Creates the gateway's
 * topics, prints {@code READY localhost:<port>} and runs until killed (SIGTERM stops it cleanly).
 */
public final class BenchBroker {

    private BenchBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: BenchBroker <data-dir> <broker-port>");
            System.exit(2);
        }
        KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults()
                .dataDirectory(Path.of(args[0]))
                .brokerPort(Integer.parseInt(args[1])));
        broker.createTopics(GatewayTopics.TOPICS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "bench-broker-stop"));
        System.out.println("READY " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
