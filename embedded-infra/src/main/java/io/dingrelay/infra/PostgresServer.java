package io.dingrelay.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (zonky's embedded binaries, PostgreSQL 14) run as a child process of this JVM.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults())) {
 *     pg.createDatabase("registry");
 *     String url = pg.jdbcUrl("registry");
 * }
 * }</pre>
 *
 * <p>With {@link Options#dataDirectory(Path)} that folder is kept: the cluster lives in {@code <dir>/pgdata} and
 * the server's own log in {@code <dir>/postgres.log}; a second start on the folder keeps every database. A
 * postmaster left running by a JVM that was killed ({@code kill -9}: PostgreSQL is a separate process and
 * outlives it) is stopped first, and a {@code postmaster.pid} naming no live postmaster is removed. Without a
 * folder a temporary one is used and deleted by {@link #close()}.
 *
 * <p>The superuser is {@code postgres}; authentication is {@code trust}, so any password is accepted.
 */
public final class PostgresServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresServer.class.getName());

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    static final String DATA_SUBDIRECTORY = "pgdata";
    static final String LOG_FILE = "postgres.log";

    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String TEMP_PREFIX = "pg-";

    private final EmbeddedPostgres postgres;
    private final Path directory;
    private final boolean deleteOnClose;
    private final boolean reusedData;
    private final String staleAction;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresServer(EmbeddedPostgres postgres, Path directory, boolean deleteOnClose, boolean reusedData,
            String staleAction, Duration startupTime) {
        this.postgres = postgres;
        this.directory = directory;
        this.deleteOnClose = deleteOnClose;
        this.reusedData = reusedData;
        this.staleAction = staleAction;
        this.startupTime = startupTime;
    }

    /** Runs {@code initdb} when the folder holds no cluster yet, then starts the server and waits until it accepts connections. */
    public static PostgresServer start(Options options) {
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        QuietLogs.apply();
        boolean deleteOnClose = options.dataDirectory() == null;
        if (deleteOnClose) {
            sweepAbandonedTemps();
        }
        Path directory = deleteOnClose ? Dirs.createTemp(TEMP_PREFIX) : Dirs.create(options.dataDirectory()).toAbsolutePath();
        Path pgdata = directory.resolve(DATA_SUBDIRECTORY);
        Path log = directory.resolve(LOG_FILE);
        try {
            boolean reused = Files.exists(pgdata.resolve("PG_VERSION"));
            String staleAction = reused ? clearStalePostmaster(pgdata) : "none";
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgdata.toFile())
                    .setCleanDataDirectory(false) // initdb only when the folder has no cluster; temp folders are deleted by close()
                    .setRegisterShutdownHook(false)
                    .setPort(Ports.orFree(options.port()))
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()));
            if (deleteOnClose) {
                // Throw-away data: no reason to wait for the disk.
                builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
            }
            EmbeddedPostgres postgres;
            try {
                postgres = builder.start();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("PostgreSQL in " + pgdata + " did not start; end of " + log + ":\n"
                        + tail(log, 20), e);
            }
            PostgresServer server = new PostgresServer(postgres, directory, deleteOnClose, reused, staleAction,
                    Duration.ofNanos(System.nanoTime() - started));
            LOG.log(System.Logger.Level.INFO, "PostgreSQL on port {0} started in {1} ms (data {2} in {3}; stale postmaster: {4})",
                    String.valueOf(server.port()), String.valueOf(server.startupTime.toMillis()), reused ? "reused" : "initialised", pgdata, staleAction);
            return server;
        } catch (RuntimeException | Error e) {
            if (deleteOnClose) {
                deleteQuietly(directory);
            }
            throw e;
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** {@code jdbc:postgresql://localhost:<port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + checkName(database);
    }

    /** {@code postgresql://localhost:<port>/<database>}, for {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl(String database) {
        return "postgresql://localhost:" + port() + "/" + checkName(database);
    }

    public String username() {
        return USER;
    }

    /** Any password works ({@code trust} authentication); this one is handed to applications that insist on one. */
    public String password() {
        return PASSWORD;
    }

    /** The folder given in the options (or the temporary one): {@code pgdata/} and {@code postgres.log} are in it. */
    public Path dataDirectory() {
        return directory;
    }

    /** Whether this start found an existing cluster and kept its data. */
    public boolean reusedData() {
        return reusedData;
    }

    /** What was done about a {@code postmaster.pid} left by an earlier run: {@code none}, or a sentence. */
    public String staleAction() {
        return staleAction;
    }

    /** Wall time from {@link #start} until the server accepted connections. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Creates {@code name} unless it exists (safe to call from several threads or JVMs at once). */
    public void createDatabase(String name) {
        ensureOpen();
        createDatabase(jdbcUrl("postgres"), USER, PASSWORD, name);
    }

    /** Stops the server (fast shutdown) and waits for it; deletes a temporary folder. Safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "PostgreSQL shutdown failed", e);
        }
        if (deleteOnClose) {
            deleteQuietly(directory);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("PostgreSQL on port " + port() + " is closed");
        }
    }

    /**
     * Creates {@code name} on any PostgreSQL unless it exists (safe when several callers race). Public for testkit's
     * {@code PostgresResource}, which may point at a server it did not start.
     */
    public static void createDatabase(String adminJdbcUrl, String user, String password, String name) {
        checkName(name);
        try (Connection c = connect(adminJdbcUrl, user, password)) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
            } catch (SQLException e) {
                // 42P04 duplicate_database: someone else created it in between.
                // 23505 unique_violation: two CREATE DATABASE racing on pg_database's index.
                if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " via " + adminJdbcUrl, e);
        }
    }

    /**
     * A connection without {@link java.sql.DriverManager}: it only hands out drivers visible to the caller's class
     * loader, and after Quarkus restarted the application (another test profile, another class loader) the driver
     * it registered first is not ("No suitable driver found").
     */
    static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password);
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return c;
    }

    /** {@code database} when it is a plain name (letters, digits, '_', '$', '-'); never quoted into SQL otherwise. */
    public static String checkName(String database) {
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        return database;
    }

    /**
     * Makes {@code pgdata} startable after an unclean end of an earlier run. zonky does not: after the JVM that ran
     * it was killed, the postmaster keeps running (it is not a child that dies with the JVM), keeps
     * {@code postmaster.pid}, and a new start fails with "lock file postmaster.pid already exists".
     *
     * @return what was done
     * @throws IllegalStateException when another live process (a JVM still running a server on this folder, or
     *         a process this code cannot identify) owns the folder
     */
    static String clearStalePostmaster(Path pgdata) {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return "none";
        }
        ensureNoLiveOwner(pgdata);
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            pid = -1;
        }
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
        if (process.isEmpty()) {
            deletePidFile(pidFile);
            return "removed postmaster.pid of dead process " + pid;
        }
        ProcessHandle.Info info = process.get().info();
        Optional<String> command = info.command();
        if (command.isEmpty()) {
            throw new IllegalStateException(pidFile + " names live process " + pid
                    + " which cannot be identified; stop it or delete the file if it is not PostgreSQL");
        }
        boolean isPostgres = Path.of(command.get()).getFileName().toString().equals("postgres");
        boolean onThisFolder = info.arguments()
                .map(args -> List.of(args).contains(pgdata.toString()))
                .orElse(true);
        if (!isPostgres || !onThisFolder) {
            // The pid was reused by an unrelated process (after a reboot, in a container...).
            deletePidFile(pidFile);
            return "removed postmaster.pid naming unrelated process " + pid;
        }
        stopOrphan(process.get());
        // A postmaster that shut down cleanly removed postmaster.pid itself; one that had to be killed did not.
        if (Files.exists(pidFile)) {
            deletePidFile(pidFile);
        }
        return "stopped orphaned postmaster " + pid;
    }

    /**
     * Stops the servers and deletes the folders that killed JVMs left in the temporary area (an orphaned
     * postmaster of a test run would otherwise keep running, with its memory, until the machine restarts).
     */
    private static void sweepAbandonedTemps() {
        for (Path abandoned : Dirs.abandonedTemps(TEMP_PREFIX, DATA_SUBDIRECTORY + "/epg-lock", Duration.ofMinutes(10))) {
            try {
                if (Files.exists(abandoned.resolve(DATA_SUBDIRECTORY))) {
                    clearStalePostmaster(abandoned.resolve(DATA_SUBDIRECTORY));
                }
                Dirs.deleteRecursively(abandoned);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Could not clean up " + abandoned, e);
            }
        }
    }

    /** zonky holds {@code epg-lock} while it runs a server; a lock we can take means its owner is gone. */
    private static void ensureNoLiveOwner(Path pgdata) {
        Path lockFile = pgdata.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException(pgdata + " is used by a PostgreSQL that another live process runs");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException(pgdata + " is used by a PostgresServer in this JVM", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check " + lockFile, e);
        }
    }

    /** SIGINT is PostgreSQL's fast shutdown (what {@code pg_ctl stop -m fast} sends); SIGKILL only as a last resort. */
    private static void stopOrphan(ProcessHandle postmaster) {
        LOG.log(System.Logger.Level.WARNING, "Stopping orphaned PostgreSQL postmaster {0} left by an earlier run", String.valueOf(postmaster.pid()));
        boolean signalled;
        try {
            signalled = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
                    .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping postmaster " + postmaster.pid(), e);
        }
        if (!signalled) {
            postmaster.destroy(); // SIGTERM: smart shutdown, enough once the dead JVM's connections are gone
        }
        if (!awaitExit(postmaster, ORPHAN_STOP_TIMEOUT)) {
            postmaster.destroyForcibly();
            if (!awaitExit(postmaster, Duration.ofSeconds(10))) {
                throw new IllegalStateException("Orphaned postmaster " + postmaster.pid() + " does not stop");
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for process " + process.pid(), e);
        }
    }

    private static void deletePidFile(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete stale " + pidFile, e);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Dirs.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete " + dir, e);
        }
    }

    /**
     * How to start the server.
     *
     * @param dataDirectory a folder to keep the cluster in across starts; {@code null} for a temporary one
     * @param port          0 picks a free port
     */
    public record Options(Path dataDirectory, int port) {

        /** Temporary folder, free port. */
        public static Options defaults() {
            return new Options(null, 0);
        }

        public Options dataDirectory(Path dataDirectory) {
            return new Options(dataDirectory, port);
        }

        public Options port(int port) {
            return new Options(dataDirectory, port);
        }
    }
}
