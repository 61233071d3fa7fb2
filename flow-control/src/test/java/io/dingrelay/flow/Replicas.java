package io.dingrelay.flow;

import io.dingrelay.flow.schema.FlowControlSchema;
import io.dingrelay.testkit.PostgresResource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Test helpers: the shared PostgreSQL of the test JVM (testkit), one DataSource per simulated replica, window counting. */
final class Replicas {

    static final String DATABASE = "flowcontrol";

    private Replicas() {
    }

    /** A DataSource of its own, as a second replica would have (testkit's server, or the CI's external one). */
    static DataSource dataSource() {
        PostgresResource.createDatabase(DATABASE);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(PostgresResource.jdbcUrl(DATABASE));
        ds.setUser(PostgresResource.username());
        ds.setPassword(PostgresResource.password());
        FlowControlSchema.ensure(ds);
        return ds;
    }

    /** The largest number of instants inside any window {@code [t, t + windowNanos)} that starts at one of them. */
    static int maxInAnyWindow(List<Long> instants, long windowNanos) {
        List<Long> sorted = new ArrayList<>(instants);
        Collections.sort(sorted);
        int max = 0;
        int end = 0;
        for (int start = 0; start < sorted.size(); start++) {
            while (end < sorted.size() && sorted.get(end) - sorted.get(start) < windowNanos) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        return max;
    }
}
