package io.dingrelay.simulator;

import io.dingrelay.simulator.load.LoadGenerator;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/**
 * One packaged app, two modes: without arguments it runs the simulator server; {@code load ...} runs the load
 * generator (no server, no port) and exits with its status.
 */
@QuarkusMain
public class SimulatorMain {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("load")) {
            int status = LoadGenerator.run(Arrays.copyOfRange(args, 1, args.length), System.out);
            System.exit(status);
        }
        Quarkus.run(args);
    }
}
