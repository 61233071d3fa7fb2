package io.dingrelay.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class PostgresServerTest {

    @TempDir
    Path dir;

    @Test
    void databasesAndRowsSurviveARestartOnTheSameDataDirectory() throws Exception {
        Path data = dir.resolve("postgres");
        try (PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults().dataDirectory(data))) {
            System.out.printf("[infra] first PostgreSQL start (initdb + start): %d ms%n", pg.startupTime().toMillis());
            assertThat(pg.reusedData()).isFalse();
            assertThat(pg.jdbcUrl("registry")).isEqualTo("jdbc:postgresql://localhost:" + pg.port() + "/registry");
            assertThat(pg.reactiveUrl("registry")).isEqualTo("postgresql://localhost:" + pg.port() + "/registry");
            assertThat(pg.username()).isEqualTo("postgres");

            pg.createDatabase("registry");
            pg.createDatabase("registry"); // idempotent
            execute(pg.jdbcUrl("registry"), "CREATE TABLE groups (id int PRIMARY KEY, name text)",
                    "INSERT INTO groups VALUES (1, 'ops')");
            pg.close();
            pg.close(); // twice is fine
        }
        assertThat(data.resolve("pgdata/PG_VERSION")).exists();
        assertThat(data.resolve("postgres.log")).exists();

        try (PostgresServer again = PostgresServer.start(PostgresServer.Options.defaults().dataDirectory(data))) {
            System.out.printf("[infra] PostgreSQL restart on existing data: %d ms%n", again.startupTime().toMillis());
            assertThat(again.reusedData()).isTrue();
            assertThat(again.staleAction()).isEqualTo("none");
            assertThat(query(again.jdbcUrl("registry"), "SELECT name FROM groups WHERE id = 1")).containsExactly("ops");
            again.createDatabase("registry");
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running; the next start on the folder stops it and keeps the data.
     */
    @Test
    void restartsAfterTheOwningJvmWasKilled() throws Exception {
        Path data = dir.resolve("crashed");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PostgresCrashHelper.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        List<String> childOutput = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            // readLine returns null if the child dies; the child itself gives up after its own deadline.
            for (String line; (line = out.readLine()) != null; ) {
                childOutput.add(line);
                if (line.startsWith(PostgresCrashHelper.READY)) {
                    break;
                }
            }
            assertThat(childOutput).as("child output").anyMatch(l -> l.startsWith(PostgresCrashHelper.READY));
            child.destroyForcibly(); // kill -9
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        Path pidFile = data.resolve("pgdata/postmaster.pid");
        assertThat(pidFile).as("postmaster.pid after kill -9").exists();
        long orphan = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        Optional<ProcessHandle> orphanHandle = ProcessHandle.of(orphan);
        assertThat(orphanHandle.map(ProcessHandle::isAlive)).as("postmaster outlives the killed JVM").contains(true);

        try (PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults().dataDirectory(data))) {
            System.out.printf("[infra] PostgreSQL start after kill -9 (orphan stopped): %d ms%n", pg.startupTime().toMillis());
            assertThat(pg.staleAction()).isEqualTo("stopped orphaned postmaster " + orphan);
            assertThat(orphanHandle.get().isAlive()).isFalse();
            assertThat(query(pg.jdbcUrl("postgres"), "SELECT note FROM crash")).containsExactly("kept");
        }
    }

    @Test
    void removesAPidFileOfADeadProcessAndRejectsOddNames() throws Exception {
        Path pgdata = Files.createDirectories(dir.resolve("pgdata"));
        Files.writeString(pgdata.resolve("postmaster.pid"), "999999999\n" + pgdata + "\n");
        assertThat(PostgresServer.clearStalePostmaster(pgdata)).startsWith("removed postmaster.pid of dead process");
        assertThat(pgdata.resolve("postmaster.pid")).doesNotExist();

        Files.writeString(pgdata.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n");
        assertThat(PostgresServer.clearStalePostmaster(pgdata)).startsWith("removed postmaster.pid naming unrelated process");
        assertThat(PostgresServer.clearStalePostmaster(pgdata)).isEqualTo("none");

        assertThatThrownBy(() -> PostgresServer.checkName("x\"; DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PostgresServer.checkName("push_dispatcher")).isEqualTo("push_dispatcher");
    }

    public static void execute(String jdbcUrl, String... statements) throws Exception {
        try (Connection c = PostgresServer.connect(jdbcUrl, "postgres", "postgres"); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    public static List<String> query(String jdbcUrl, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = PostgresServer.connect(jdbcUrl, "postgres", "postgres");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
