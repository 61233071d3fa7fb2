package io.dingrelay.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running stack leaves in its data folder so that {@code status} and {@code down} work from another
 * terminal: {@code local-stack.pid} (the launcher's pid) and {@code stack.properties} (each service's pid, URL
 * and log). Both are removed when the stack stops cleanly.
 */
final class StackState {

    static final String PID_FILE = "local-stack.pid";
    static final String STATE_FILE = "stack.properties";

    private StackState() {
    }

    static void write(Path dataDir, LocalStack stack) {
        Properties p = new Properties();
        p.setProperty("launcher.pid", String.valueOf(ProcessHandle.current().pid()));
        p.setProperty("started-at", Instant.now().toString());
        p.setProperty("services", String.join(",", stack.urls().keySet()));
        for (ServiceProcess s : stack.services()) {
            p.setProperty(s.name() + ".pid", String.valueOf(s.pid()));
            p.setProperty(s.name() + ".url", s.url());
            p.setProperty(s.name() + ".log", s.logFile().toString());
            s.service().pagePath().ifPresent(page -> p.setProperty(s.name() + ".page", s.url() + page));
        }
        stack.kafkaBootstrapServers().ifPresent(k -> p.setProperty("kafka.bootstrap.servers", k));
        stack.postgres().ifPresent(pg -> p.setProperty("postgres.port", String.valueOf(pg.port())));
        try {
            try (OutputStream out = Files.newOutputStream(dataDir.resolve(STATE_FILE))) {
                p.store(out, "Written by the running local stack; removed when it stops");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the stack state in " + dataDir, e);
        }
    }

    /** Written first thing, so that {@code down} can stop a stack that is still starting. */
    static void writePid(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(PID_FILE), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dataDir.resolve(PID_FILE), e);
        }
    }

    static Optional<Properties> read(Path dataDir) {
        Path file = dataDir.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** The pid of the launcher that wrote the pid file, if it is still alive. */
    static Optional<Long> runningLauncher(Path dataDir) {
        Path file = dataDir.resolve(PID_FILE);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessInfo.alive(pid) && pid != ProcessHandle.current().pid() ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The PostgreSQL postmaster running on this data folder, from its {@code postmaster.pid}, if alive. */
    static Optional<Long> postmasterPid(Path dataDir) {
        try {
            Path pidFile = dataDir.resolve("postgres/pgdata/postmaster.pid");
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessInfo.alive(pid) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void clear(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(STATE_FILE));
            Files.deleteIfExists(dataDir.resolve(PID_FILE));
        } catch (IOException e) {
            System.err.println("Cannot remove the stack state in " + dataDir + ": " + e.getMessage());
        }
    }
}
