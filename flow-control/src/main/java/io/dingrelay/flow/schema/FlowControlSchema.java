package io.dingrelay.flow.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The one table of the shared budgets: Bucket4j's layout (id, serialized state, expiry) keyed by our scope keys
 * ({@code ip:10.0.0.7}, {@code app:demo/robot.groupMessages.send}, {@code org:ding123:2026-12}). A service either
 * runs {@link #DDL} from its own Flyway migration (the dispatcher's migrations own its database) or calls
 * {@link #ensure} at start-up; both are idempotent.
 */
public final class FlowControlSchema {

    public static final String TABLE = "flow_control_buckets";

    public static final String DDL = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (id VARCHAR(255) PRIMARY KEY, state BYTEA, expires_at BIGINT)";

    private FlowControlSchema() {
    }

    /** Creates the table unless it exists. Blocking: call it at start-up, not on an event loop. */
    public static void ensure(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(DDL);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create " + TABLE + ": " + e.getMessage(), e);
        }
    }
}
