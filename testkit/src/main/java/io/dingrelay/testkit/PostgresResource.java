package io.dingrelay.testkit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.dingrelay.infra.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource handing the application a PostgreSQL database of one server shared by the whole test JVM:
 * {@code quarkus.datasource.reactive.url}, {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username}
 * and {@code quarkus.datasource.password}.
 *
 * <pre>{@code
 * @QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false,
 *         initArgs = @ResourceArg(name = "database", value = "registry"))
 * }</pre>
 *
 * <p>Where the server comes from, decided once per JVM:
 * <ol>
 * <li>{@code DINGRELAY_TEST_POSTGRES_URL} (a {@code jdbc:postgresql://host:port/db} URL, with
 * {@code DINGRELAY_TEST_POSTGRES_USER} and {@code DINGRELAY_TEST_POSTGRES_PASSWORD}; or the system properties
 * {@code dingrelay.test.postgres.url}, {@code .user}, {@code .password}): that server, nothing is started;</li>
 * <li>{@code -Ddingrelay.testkit.containers=true} or {@code DINGRELAY_TESTKIT_CONTAINERS=true}: a Testcontainers
 * PostgreSQL (needs Docker and {@code org.testcontainers:testcontainers-postgresql} on the test classpath);</li>
 * <li>otherwise an in-process-managed {@link PostgresServer} in a temporary folder.</li>
 * </ol>
 *
 * <p>Init arguments: {@code database}, the database handed to the application, created if missing (on any
 * back-end); without it the application gets the server's database: {@code postgres}, or the one in the
 * external URL. {@code jdbc=false} / {@code reactive=false} leave out that URL (an application without the
 * JDBC extension otherwise logs "Unrecognized configuration key quarkus.datasource.jdbc.url").
 * The server is stopped by a JVM shutdown hook, never by {@link #stop()}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String URL_ENV = "DINGRELAY_TEST_POSTGRES_URL";
    public static final String USER_ENV = "DINGRELAY_TEST_POSTGRES_USER";
    public static final String PASSWORD_ENV = "DINGRELAY_TEST_POSTGRES_PASSWORD";
    public static final String URL_PROPERTY = "dingrelay.test.postgres.url";
    public static final String USER_PROPERTY = "dingrelay.test.postgres.user";
    public static final String PASSWORD_PROPERTY = "dingrelay.test.postgres.password";

    static final String SHARED_URL_PROPERTY = "dingrelay.testkit.postgres.shared-jdbc-url";
    static final String SHARED_USER_PROPERTY = "dingrelay.testkit.postgres.shared-user";
    static final String SHARED_PASSWORD_PROPERTY = "dingrelay.testkit.postgres.shared-password";
    /** A string literal is interned JVM-wide: one lock for every class loader's copy of this class. */
    private static final Object LOCK = "io.dingrelay.testkit.PostgresResource.LOCK";

    private String database;
    private boolean jdbc = true;
    private boolean reactive = true;

    @Override
    public void init(Map<String, String> initArgs) {
        database = Backend.firstSet(initArgs.get("database"));
        jdbc = !"false".equalsIgnoreCase(initArgs.get("jdbc"));
        reactive = !"false".equalsIgnoreCase(initArgs.get("reactive"));
    }

    @Override
    public Map<String, String> start() {
        String db = database;
        if (db == null) {
            db = server().url().database();
        } else {
            createDatabase(db);
        }
        Map<String, String> props = properties(db);
        if (!jdbc) {
            props.remove("quarkus.datasource.jdbc.url");
        }
        if (!reactive) {
            props.remove("quarkus.datasource.reactive.url");
        }
        return props;
    }

    /** Leaves the shared server running for the next application start; a shutdown hook stops it. */
    @Override
    public void stop() {
    }

    /** The four datasource properties for {@code database} on the shared server. */
    public static Map<String, String> properties(String database) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.datasource.reactive.url", reactiveUrl(database));
        props.put("quarkus.datasource.jdbc.url", jdbcUrl(database));
        props.put("quarkus.datasource.username", username());
        props.put("quarkus.datasource.password", password());
        return props;
    }

    /** {@code jdbc:postgresql://host:port/<database>} (query parameters of an external URL kept). */
    public static String jdbcUrl(String database) {
        return server().url().withDatabase(database).jdbc();
    }

    /** {@code postgresql://host:port/<database>}, for the reactive client. */
    public static String reactiveUrl(String database) {
        return server().url().withDatabase(database).reactive();
    }

    public static String username() {
        return server().user();
    }

    public static String password() {
        return server().password();
    }

    /** Creates {@code database} on the shared server unless it exists. */
    public static void createDatabase(String database) {
        Server s = server();
        PostgresServer.createDatabase(s.url().jdbc(), s.user(), s.password(), database);
    }

    /** The shared server, started (or located) at the first call in this JVM. */
    static Server server() {
        synchronized (LOCK) {
            String shared = System.getProperty(SHARED_URL_PROPERTY);
            if (shared != null) {
                return new Server(JdbcUrl.parse(shared), System.getProperty(SHARED_USER_PROPERTY),
                        System.getProperty(SHARED_PASSWORD_PROPERTY, ""));
            }
            Choice choice = choose(System.getenv(), KafkaResource.propertiesAsMap());
            Server server = switch (choice.backend()) {
                case EXTERNAL -> choice.server();
                case CONTAINERS -> {
                    String[] c = Containers.startPostgres();
                    yield new Server(JdbcUrl.parse(c[0]), c[1], c[2]);
                }
                case EMBEDDED -> startEmbedded();
            };
            System.setProperty(SHARED_URL_PROPERTY, server.url().jdbc());
            System.setProperty(SHARED_USER_PROPERTY, server.user());
            System.setProperty(SHARED_PASSWORD_PROPERTY, server.password());
            return server;
        }
    }

    private static Server startEmbedded() {
        PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults());
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "dingrelay-testkit-postgres-stop"));
        return new Server(JdbcUrl.parse(pg.jdbcUrl("postgres")), pg.username(), pg.password());
    }

    record Server(JdbcUrl url, String user, String password) {
    }

    record Choice(Backend backend, Server server) {
    }

    /** The decision, separated from the real environment so it can be tested. */
    static Choice choose(Map<String, String> env, Map<String, String> properties) {
        String url = Backend.firstSet(properties.get(URL_PROPERTY), env.get(URL_ENV));
        if (url != null) {
            String user = Backend.firstSet(properties.get(USER_PROPERTY), env.get(USER_ENV), PostgresServer.USER);
            String password = Backend.firstSet(properties.get(PASSWORD_PROPERTY), env.get(PASSWORD_ENV));
            return new Choice(Backend.EXTERNAL, new Server(JdbcUrl.parse(url), user, password == null ? "" : password));
        }
        if (Backend.containersRequested(env, properties)) {
            return new Choice(Backend.CONTAINERS, null);
        }
        return new Choice(Backend.EMBEDDED, null);
    }

    /**
     * {@code jdbc:postgresql://<hosts>[/<database>][?<query>]}.
     *
     * @param hosts    {@code host[:port]}, as written (several, comma-separated, for JDBC failover)
     * @param database {@code postgres} when the URL names none
     * @param query    JDBC parameters without the {@code ?}, empty when none
     */
    record JdbcUrl(String hosts, String database, String query) {

        private static final String PREFIX = "jdbc:postgresql://";

        static JdbcUrl parse(String url) {
            if (url == null || !url.startsWith(PREFIX)) {
                throw new IllegalArgumentException("Expected jdbc:postgresql://host:port/database, got " + url);
            }
            String rest = url.substring(PREFIX.length());
            String query = "";
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
            String database = PostgresServer.USER;
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                if (slash + 1 < rest.length()) {
                    database = rest.substring(slash + 1);
                }
                rest = rest.substring(0, slash);
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("No host in " + url);
            }
            return new JdbcUrl(rest, database, query);
        }

        JdbcUrl withDatabase(String database) {
            return new JdbcUrl(hosts, PostgresServer.checkName(database), query);
        }

        String jdbc() {
            return PREFIX + hosts + "/" + database + (query.isEmpty() ? "" : "?" + query);
        }

        /**
         * The Vert.x form. Only {@code sslmode} is carried over: the reactive client sends parameters it does not
         * know to the server as session settings, and JDBC-only ones (e.g. {@code currentSchema}) fail there.
         */
        String reactive() {
            String ssl = Arrays.stream(query.split("&"))
                    .filter(p -> p.startsWith("sslmode="))
                    .collect(Collectors.joining("&"));
            return "postgresql://" + hosts + "/" + database + (ssl.isEmpty() ? "" : "?" + ssl);
        }
    }
}
