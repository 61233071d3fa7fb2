package io.dingrelay.chat.persistence;

import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.MsgId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The msgIds chat-bridge has claimed or answered, in PostgreSQL: a redelivered record (after a rebalance, a
 * crash or a restart of every replica) is never answered twice.
 *
 * <p>Claim before answering, mark answered once DingTalk accepted the reply, release when the reply failed (so a
 * redelivery gets another chance). A claim whose owner died is taken over after {@code dingrelay.chat.dedup.claim-lease}.
 */
@ApplicationScoped
public class HandledMessages {

    /**
     * One statement, so two replicas racing for the same msgId cannot both win: a new id is inserted, an expired
     * claim is renewed, anything else (answered, or claimed within the lease) returns no row.
     */
    private static final String CLAIM = """
            INSERT INTO handled_messages (msg_id, conversation_id, state, claimed_at)
            VALUES ($1, $2, 'claimed', $3)
            ON CONFLICT (msg_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
              WHERE handled_messages.state = 'claimed' AND handled_messages.claimed_at < $4
            RETURNING msg_id""";

    private final Pool pool;
    private final Duration lease;
    private final Duration retention;

    public HandledMessages(Pool pool, ChatBridgeConfig config) {
        this.pool = pool;
        this.lease = config.dedup().claimLease();
        this.retention = config.dedup().retention();
    }

    /** @return true if the caller may answer {@code msgId} now, false if it is answered or being answered */
    public Uni<Boolean> claim(MsgId msgId, ConversationId conversation, Instant now) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(msgId.value(), conversation.value(), utc(now), utc(now.minus(lease))))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> markAnswered(MsgId msgId, String answerer, String channel, Instant now) {
        return pool.preparedQuery("UPDATE handled_messages SET state = 'answered', answered_at = $2, answerer = $3,"
                        + " channel = $4 WHERE msg_id = $1")
                .execute(Tuple.of(msgId.value(), utc(now), answerer, channel))
                .replaceWithVoid();
    }

    /** Forgets a claim whose reply failed, so a redelivered copy may try again. */
    public Uni<Void> release(MsgId msgId) {
        return pool.preparedQuery("DELETE FROM handled_messages WHERE msg_id = $1 AND state = 'claimed'")
                .execute(Tuple.of(msgId.value()))
                .replaceWithVoid();
    }

    /** Deletes ids older than the retention; returns how many. */
    public Uni<Integer> purge(Instant now) {
        return pool.preparedQuery("DELETE FROM handled_messages WHERE claimed_at < $1")
                .execute(Tuple.of(utc(now.minus(retention))))
                .map(rows -> rows.rowCount());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
