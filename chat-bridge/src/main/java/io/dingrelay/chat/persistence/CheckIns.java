package io.dingrelay.chat.persistence;

import io.dingrelay.events.ids.ConversationId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Check-ins, one per user per group per day; a second check-in the same day replaces the note (a correction). */
@ApplicationScoped
public class CheckIns {

    private static final String UPSERT = """
            INSERT INTO check_ins (conversation_id, day, user_id, nick, note, checked_in_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (conversation_id, day, user_id) DO UPDATE
              SET nick = EXCLUDED.nick, note = EXCLUDED.note, checked_in_at = EXCLUDED.checked_in_at,
                  corrections = check_ins.corrections + 1
            RETURNING corrections""";

    private final Pool pool;

    public CheckIns(Pool pool) {
        this.pool = pool;
    }

    /** A stored check-in. */
    public record CheckIn(String userId, String nick, String note, Instant at, int corrections) {
    }

    /** @return how often this user's check-in of that day was corrected (0 for the first one) */
    public Uni<Integer> record(ConversationId conversation, LocalDate day, String userId, String nick, String note,
            Instant at) {
        return pool.preparedQuery(UPSERT)
                .execute(Tuple.from(List.of(conversation.value(), day, userId, nick == null ? "" : nick, note,
                        HandledMessages.utc(at))))
                .map(rows -> rows.iterator().next().getInteger("corrections"));
    }

    /** The check-ins of one day, earliest first. */
    public Uni<List<CheckIn>> ofDay(ConversationId conversation, LocalDate day) {
        return pool.preparedQuery("SELECT user_id, nick, note, checked_in_at, corrections FROM check_ins"
                        + " WHERE conversation_id = $1 AND day = $2 ORDER BY checked_in_at, user_id")
                .execute(Tuple.of(conversation.value(), day))
                .map(rows -> {
                    List<CheckIn> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new CheckIn(row.getString("user_id"), row.getString("nick"), row.getString("note"),
                                row.getOffsetDateTime("checked_in_at").toInstant(), row.getInteger("corrections")));
                    }
                    return out;
                });
    }

    /** The latest day on which this group checked in, if any. */
    public Uni<Optional<LocalDate>> latestDay(ConversationId conversation) {
        return pool.preparedQuery("SELECT max(day) AS day FROM check_ins WHERE conversation_id = $1")
                .execute(Tuple.of(conversation.value()))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getLocalDate("day")));
    }
}
