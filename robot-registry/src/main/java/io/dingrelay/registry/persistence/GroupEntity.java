package io.dingrelay.registry.persistence;

import io.dingrelay.events.registry.GroupKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One group (table {@code groups}, schema by Flyway). Used by the admin API for one group at a time; the
 * set-at-a-time paths (import, audience, events, outcomes, rotation) go through the SQL client on the same
 * reactive pool, because they move thousands of rows per statement. Dynamic updates: a PATCH writes only the
 * columns it changed, so it cannot put back a ciphertext that key rotation rewrote meanwhile.
 */
@Entity
@DynamicUpdate
@Table(name = "groups")
public class GroupEntity extends PanacheEntityBase {

    @Id
    public String id;
    public String title;
    @Enumerated(EnumType.STRING)
    public GroupKind kind;
    @Enumerated(EnumType.STRING)
    public GroupStatus status;
    @Column(name = "status_reason")
    public String statusReason;
    public String app;
    @Column(name = "corp_id")
    public String corpId;
    @Column(name = "open_conversation_id")
    public String openConversationId;
    @Column(name = "robot_code")
    public String robotCode;
    @Column(name = "cool_app_code")
    public String coolAppCode;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] tags;
    @Column(name = "webhook_ciphertext")
    public String webhookCiphertext;
    @Column(name = "secret_ciphertext")
    public String secretCiphertext;
    @Column(name = "crypto_key_id")
    public String cryptoKeyId;
    @Column(name = "webhook_host")
    public String webhookHost;
    @Column(name = "webhook_token_hash")
    public String webhookTokenHash;
    @Column(name = "webhook_masked")
    public String webhookMasked;
    @Column(name = "secret_masked")
    public String secretMasked;
    @Column(name = "consecutive_failures")
    public int consecutiveFailures;
    @Column(name = "failing_since")
    public Instant failingSince;
    @Column(name = "last_delivered_at")
    public Instant lastDeliveredAt;
    @Column(name = "last_error_code")
    public String lastErrorCode;
    @Column(name = "last_outcome")
    public String lastOutcome;
    @Column(name = "last_outcome_at")
    public Instant lastOutcomeAt;
    @Column(name = "last_event_at")
    public Instant lastEventAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;
}
