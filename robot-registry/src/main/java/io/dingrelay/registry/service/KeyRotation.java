package io.dingrelay.registry.service;

import io.dingrelay.keyring.KeyRing;
import io.dingrelay.keyring.KeyRingException;
import io.dingrelay.keyring.Sealed;
import io.dingrelay.registry.config.RegistryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Re-encrypts every credential under the active key, in the background, a batch of rows per short transaction so
 * reads and writes go on throughout; rows under an old key stay readable (the old key is still in the ring) until
 * their turn. Each row is rewritten only if its ciphertext is still the one read (a concurrent re-registration or
 * delete wins). One rotation at a time; progress is kept in memory and in {@code dingrelay_registry_rotation_*}.
 */
@ApplicationScoped
public class KeyRotation {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class);
    private static final String COUNT = """
            SELECT count(*) FROM groups WHERE webhook_ciphertext IS NOT NULL AND crypto_key_id <> $1""";
    private static final String PAGE = """
            SELECT id, crypto_key_id, webhook_ciphertext, secret_ciphertext FROM groups
             WHERE webhook_ciphertext IS NOT NULL AND crypto_key_id <> $1 AND id > $2
             ORDER BY id LIMIT $3""";
    private static final String REWRITE = """
            UPDATE groups SET crypto_key_id = $2, webhook_ciphertext = $3, secret_ciphertext = $4, updated_at = now()
             WHERE id = $1 AND crypto_key_id = $5 AND webhook_ciphertext = $6""";

    private final Pool pool;
    private final KeyRing keyRing;
    private final RegistryConfig config;
    private final AtomicReference<Job> current = new AtomicReference<>();

    public KeyRotation(Pool pool, KeyRing keyRing, RegistryConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.keyRing = keyRing;
        this.config = config;
        meters.gauge("dingrelay.registry.rotation.rewritten", this, r -> r.job() == null ? 0 : r.job().rewritten.get());
    }

    /** Starts a rotation, or answers the one already running. */
    public Uni<RotationProgress> start() {
        String target = keyRing.activeKeyId().orElseThrow(() -> new ConflictException("no_active_key",
                "dingrelay.crypto.active-key", "no active key configured: nothing to rotate to", null));
        Job running = current.get();
        if (running != null && running.finishedAt == null) {
            return Uni.createFrom().item(running.progress());
        }
        return pool.preparedQuery(COUNT).execute(Tuple.of(target)).map(rows -> {
            Job job = new Job(UUID.randomUUID().toString(), target, rows.iterator().next().getLong(0));
            current.set(job);
            LOG.infof("Key rotation %s: %d rows to re-encrypt under key %s", job.id, job.total, target);
            page(job, "");
            return job.progress();
        });
    }

    /** The running or last rotation, or null. */
    public RotationProgress progress() {
        Job job = current.get();
        return job == null ? null : job.progress();
    }

    private Job job() {
        return current.get();
    }

    private void page(Job job, String after) {
        pool.preparedQuery(PAGE).execute(Tuple.of(job.targetKey, after, config.rotationBatchSize()))
                .flatMap(rows -> rewrite(job, rows).replaceWith(rows))
                .subscribe().with(rows -> {
                    if (rows.size() < config.rotationBatchSize()) {
                        finish(job, null);
                    } else {
                        String last = null;
                        for (Row r : rows) {
                            last = r.getString("id");
                        }
                        page(job, last);
                    }
                }, failure -> finish(job, failure));
    }

    private Uni<Void> rewrite(Job job, RowSet<Row> rows) {
        List<Tuple> batch = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String oldKey = r.getString("crypto_key_id");
            String webhook = r.getString("webhook_ciphertext");
            String secret = r.getString("secret_ciphertext");
            try {
                Sealed url = keyRing.reencrypt(new Sealed(oldKey, webhook));
                Sealed sec = secret == null ? null : keyRing.reencrypt(new Sealed(oldKey, secret));
                batch.add(Tuple.of(r.getString("id"), url.keyId(), url.ciphertext(), sec == null ? null : sec.ciphertext(),
                        oldKey, webhook));
            } catch (KeyRingException e) {
                job.failed.incrementAndGet();
                LOG.warnf("Key rotation %s: group %s cannot be re-encrypted: %s", job.id, r.getString("id"),
                        e.getMessage());
            }
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(conn -> conn.preparedQuery(REWRITE).executeBatch(batch)).invoke(result -> {
            long done = 0;
            for (RowSet<Row> rs = result; rs != null; rs = rs.next()) {
                done += rs.rowCount();
            }
            job.rewritten.addAndGet(done);
            job.skipped.addAndGet(batch.size() - done);
        }).replaceWithVoid();
    }

    private void finish(Job job, Throwable failure) {
        pool.preparedQuery(COUNT).execute(Tuple.of(job.targetKey)).subscribe().with(rows -> {
            job.remaining = rows.iterator().next().getLong(0);
            job.error = failure == null ? null : failure.getClass().getSimpleName();
            job.finishedAt = Instant.now();
            LOG.infof("Key rotation %s %s: %d rewritten, %d skipped, %d failed, %d remaining under other keys", job.id,
                    failure == null ? "done" : "failed", job.rewritten.get(), job.skipped.get(), job.failed.get(),
                    job.remaining);
        }, e -> {
            job.error = e.getClass().getSimpleName();
            job.finishedAt = Instant.now();
        });
    }

    private static final class Job {
        final String id;
        final String targetKey;
        final long total;
        final Instant startedAt = Instant.now();
        final AtomicLong rewritten = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile Long remaining;
        volatile String error;
        volatile Instant finishedAt;

        Job(String id, String targetKey, long total) {
            this.id = id;
            this.targetKey = targetKey;
            this.total = total;
        }

        RotationProgress progress() {
            String state = finishedAt == null ? "RUNNING" : error == null ? "DONE" : "FAILED";
            return new RotationProgress(id, state, targetKey, total, rewritten.get(), skipped.get(), failed.get(),
                    remaining, startedAt, finishedAt, error);
        }
    }
}
