package io.dingrelay.simulator;

import io.dingrelay.simulator.load.LoadGenerator;
import io.dingrelay.simulator.load.Sink;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/**
 * One packaged app, three modes: without arguments it runs the simulator server; {@code load ...} runs the load
 * generator (no server, no port) and exits with its status; {@code sink ...} runs a trivial receiver that measures the
 * generator's own ceiling.
 */
@QuarkusMain
public class SimulatorMain {

    public static void main(String... args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("load")) {
            System.exit(LoadGenerator.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("sink")) {
            System.exit(Sink.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        Quarkus.run(args);
    }
}
