package io.dingrelay.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for listeners (brokers, databases, services started as child processes).
 *
 * <p>Why not {@code new ServerSocket(0)}: the OS answers with a port from its ephemeral range, the same range it
 * takes the local ports of outgoing connections from. Between picking the port and a child process binding it
 * (seconds, for a Quarkus service that first connects to Kafka), any outgoing connection on the machine, the
 * service's own Kafka client included, can take it: "port already in use". So the ports handed out here come from
 * below the ephemeral range (10000 up to its start, read from {@code /proc/sys/net/ipv4/ip_local_port_range}), where
 * the OS never places outgoing connections, picked at random and never twice in one JVM.
 */
public final class Ports {

    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 500;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default start of the ephemeral range, used where it cannot be read. */
    private static final int DEFAULT_EPHEMERAL_START = 32_768;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /**
     * A port nobody listens on right now, on any address, outside the ephemeral range and not handed out before by
     * this JVM. Another process can still bind it before the caller does, so callers that picked it themselves retry
     * with a new one when binding fails.
     */
    public static int free() {
        int highest = ephemeralStart() - 1;
        if (highest - LOWEST < 1_000) {
            // An ephemeral range that starts very low leaves nothing safe to pick from: let the OS choose.
            return osChosen();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (HANDED_OUT.add(port)) {
                if (isFree(port)) {
                    return port;
                }
            }
        }
        return osChosen();
    }

    /** {@code requested}, or a free port when it is 0. */
    public static int orFree(int requested) {
        if (requested < 0 || requested > 65535) {
            throw new IllegalArgumentException("Port out of range: " + requested);
        }
        return requested == 0 ? free() : requested;
    }

    /**
     * Whether {@code port} can be bound on the wildcard address right now. The wildcard, because services bind
     * 0.0.0.0; it also fails when someone listens on localhost only. No SO_REUSEADDR, so a port whose connections are
     * still in TIME_WAIT counts as taken.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int ephemeralStart() {
        try {
            // readAllLines, not readString: on this /proc the latter returned "3" (a size-hinted read of a file that
            // reports size 0), and Ports then picked from nothing.
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static int osChosen() {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            HANDED_OUT.add(port);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
