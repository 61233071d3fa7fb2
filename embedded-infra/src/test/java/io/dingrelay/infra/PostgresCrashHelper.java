package io.dingrelay.infra;

import java.nio.file.Path;

/** Run in a child JVM by {@link PostgresServerTest}: starts PostgreSQL on a folder, writes a row, waits to be killed. */
public final class PostgresCrashHelper {

    static final String READY = "READY";

    public static void main(String[] args) throws Exception {
        PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults().dataDirectory(Path.of(args[0])));
        PostgresServerTest.execute(pg.jdbcUrl("postgres"), "CREATE TABLE crash (note text)", "INSERT INTO crash VALUES ('kept')");
        System.out.println(READY + " " + pg.port());
        System.out.flush();
        // Block until the parent kills this JVM (or closes our stdin, in which case we exit uncleanly too).
        System.in.read();
        Runtime.getRuntime().halt(1);
    }
}
