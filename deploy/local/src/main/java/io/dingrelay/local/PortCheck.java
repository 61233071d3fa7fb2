package io.dingrelay.local;

import io.dingrelay.infra.Ports;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds out, before anything starts, whether a port is taken, and by which process. */
final class PortCheck {

    private PortCheck() {
    }

    /** A port nobody listens on right now, outside the ephemeral range (see {@link Ports#free()}). */
    static int freePort() {
        return Ports.free();
    }

    static boolean isFree(int port) {
        // The services bind 0.0.0.0: test the wildcard address, which also catches a listener on localhost only.
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails with a message naming the process holding {@code port} and the option that moves {@code what}
     * elsewhere.
     */
    static void requireFree(int port, String what, String override) {
        if (isFree(port)) {
            return;
        }
        String owner = owner(port).map(pid -> "process " + pid + " (" + ProcessInfo.commandLine(pid) + ")")
                .orElse("another process");
        throw new LocalStackException("Port " + port + " for " + what + " is in use by " + owner
                + ". Stop it (a stack left running? " + Main.commandName() + " down) or choose another port: " + override);
    }

    /** The pid listening on {@code port}, from /proc (Linux); empty elsewhere or when not allowed to look. */
    static Optional<Long> owner(int port) {
        try {
            Optional<String> inode = listeningInode(port, Path.of("/proc/net/tcp"))
                    .or(() -> listeningInode(port, Path.of("/proc/net/tcp6")));
            if (inode.isEmpty()) {
                return Optional.empty();
            }
            String target = "socket:[" + inode.get() + "]";
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path proc : procs) {
                    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                        for (Path fd : fds) {
                            try {
                                if (target.equals(Files.readSymbolicLink(fd).toString())) {
                                    return Optional.of(Long.parseLong(proc.getFileName().toString()));
                                }
                            } catch (IOException e) {
                                // fd closed meanwhile
                            }
                        }
                    } catch (IOException | SecurityException e) {
                        // another user's process, or gone
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> listeningInode(int port, Path table) {
        try {
            List<String> lines = Files.readAllLines(table);
            String hexPort = String.format(Locale.ROOT, ":%04X", port);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                // local_address is f[1] (ip:port in hex), st is f[3] (0A = LISTEN), inode is f[9].
                if (f.length > 9 && f[1].endsWith(hexPort) && "0A".equals(f[3])) {
                    return Optional.of(f[9]);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
