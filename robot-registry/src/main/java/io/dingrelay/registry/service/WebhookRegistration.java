package io.dingrelay.registry.service;

import io.dingrelay.keyring.KeyRing;
import io.dingrelay.keyring.Sealed;
import io.dingrelay.registry.persistence.NewWebhookRow;
import io.dingrelay.registry.persistence.WebhookInserts;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Registers custom-robot webhooks, one (admin API) or many (bulk import), through the same path: validate, seal
 * with the key ring, insert set-at-a-time in one transaction. A token already registered is a duplicate: reported
 * with the existing group's id, never stored twice.
 */
@ApplicationScoped
public class WebhookRegistration {

    private static final Logger LOG = Logger.getLogger(WebhookRegistration.class);

    private final Pool pool;
    private final KeyRing keyRing;
    private final WebhookRules rules;
    private final WebhookInserts inserts;
    private final MeterRegistry meters;

    public WebhookRegistration(Pool pool, KeyRing keyRing, WebhookRules rules, WebhookInserts inserts,
            MeterRegistry meters) {
        this.pool = pool;
        this.keyRing = keyRing;
        this.rules = rules;
        this.inserts = inserts;
        this.meters = meters;
    }

    /** One webhook; answers the new group's id, or fails with 409 naming the group that has this token. */
    public Uni<String> register(String title, String webhook, String secret, List<String> tags) {
        requireActiveKey();
        NewWebhookRow row = seal(GroupIds.next().value(), rules.title(title, true), rules.webhook(webhook, secret),
                rules.tags(tags));
        return pool.withTransaction(conn -> inserts.insert(conn, List.of(row)))
                .flatMap(written -> written.contains(row.tokenHash()) ? Uni.createFrom().item(row.id())
                        : pool.withConnection(c -> inserts.existing(c, List.of(row.tokenHash())))
                                .flatMap(e -> Uni.createFrom().failure(duplicate(e.get(row.tokenHash())))))
                .invoke(id -> {
                    meters.counter("dingrelay.registry.groups.registered", "kind", "CUSTOM_WEBHOOK").increment();
                    LOG.infof("Registered webhook group %s (%s)", id, row.maskedUrl());
                });
    }

    /** Many webhooks, all or nothing; see {@link ImportReport}. */
    public Uni<ImportReport> importRows(List<ImportRow> rows) {
        requireActiveKey();
        long started = System.nanoTime();
        List<ImportReport.Rejected> rejected = new ArrayList<>();
        List<ImportReport.Duplicate> duplicates = new ArrayList<>();
        List<Valid> valid = new ArrayList<>(rows.size());
        List<Integer> candidateLines = new ArrayList<>(rows.size());
        Map<String, Integer> firstLineByToken = new HashMap<>();
        for (ImportRow row : rows) {
            if (row.problem() != null) {
                rejected.add(new ImportReport.Rejected(row.line(), "line", row.problem()));
                continue;
            }
            CheckedWebhook checked;
            String title;
            String[] tags;
            try {
                title = rules.title(row.title(), true);
                checked = rules.webhook(row.webhook(), row.secret());
                tags = rules.tags(row.tags());
            } catch (InvalidInputException e) {
                rejected.add(new ImportReport.Rejected(row.line(), e.field(), e.getMessage()));
                continue;
            }
            Integer first = firstLineByToken.putIfAbsent(checked.tokenHash(), row.line());
            if (first != null) {
                duplicates.add(new ImportReport.Duplicate(row.line(), null, first));
                continue;
            }
            if (rejected.isEmpty()) {
                // Ids drawn here, in row order (sealing below runs in parallel): the list follows the file.
                valid.add(new Valid(GroupIds.next().value(), title, checked, tags));
                candidateLines.add(row.line());
            }
        }
        if (!rejected.isEmpty()) {
            meters.counter("dingrelay.registry.imports", "result", "rejected").increment();
            LOG.infof("Import refused: %d of %d rows rejected, nothing written", rejected.size(), rows.size());
            return Uni.createFrom().item(new ImportReport(rows.size(), rows.size() - rejected.size() - duplicates.size(),
                    cap(duplicates), cap(rejected), false));
        }
        // Sealing is most of the CPU of an import and independent per row: spread it over the cores (order kept).
        List<NewWebhookRow> candidates = valid.parallelStream().map(v -> seal(v.id, v.title, v.checked, v.tags)).toList();
        List<String> hashes = candidates.stream().map(NewWebhookRow::tokenHash).toList();
        long checked = System.nanoTime();
        // Insert first (ON CONFLICT DO NOTHING): a row not written had its token registered already; only those few
        // are looked up for the report, instead of probing every token before inserting.
        return pool.withTransaction(conn -> inserts.insert(conn, candidates).flatMap(written -> {
            List<String> missing = hashes.stream().filter(h -> !written.contains(h)).toList();
            Uni<Map<String, String>> existing = missing.isEmpty() ? Uni.createFrom().item(Map.of())
                    : inserts.existing(conn, missing);
            return existing.map(ids -> {
                for (int i = 0; i < candidates.size(); i++) {
                    String hash = candidates.get(i).tokenHash();
                    if (!written.contains(hash)) {
                        if (ids.get(hash) == null) {
                            // Neither written nor registered before: a concurrent import won and rolled back since.
                            throw new ConflictException("conflict", "webhook",
                                    "some webhooks were registered concurrently; nothing was written, retry the import", null);
                        }
                        duplicates.add(new ImportReport.Duplicate(candidateLines.get(i), ids.get(hash), null));
                    }
                }
                return written.size();
            });
        })).map(written -> {
            duplicates.sort((a, b) -> Integer.compare(a.line(), b.line()));
            meters.counter("dingrelay.registry.imports", "result", "written").increment();
            meters.counter("dingrelay.registry.groups.registered", "kind", "CUSTOM_WEBHOOK").increment(written);
            long stored = System.nanoTime();
            LOG.infof("Imported %d webhook groups (%d duplicates) from %d rows: checked and sealed in %d ms, stored in %d ms",
                    written, duplicates.size(), rows.size(), (checked - started) / 1_000_000, (stored - checked) / 1_000_000);
            return new ImportReport(rows.size(), written, cap(duplicates), List.of(), true);
        });
    }

    /** A row that passed the rules, waiting to be sealed. */
    private record Valid(String id, String title, CheckedWebhook checked, String[] tags) {
    }

    private NewWebhookRow seal(String id, String title, CheckedWebhook checked, String[] tags) {
        Sealed url = keyRing.encrypt(checked.url());
        Sealed secret = keyRing.encryptNullable(checked.secret());
        return new NewWebhookRow(id, title, tags, url.keyId(), url.ciphertext(),
                secret == null ? null : secret.ciphertext(), checked.host(), checked.tokenHash(), checked.maskedUrl(),
                checked.maskedSecret());
    }

    private void requireActiveKey() {
        if (!keyRing.canEncrypt()) {
            throw new ConflictException("no_active_key", "dingrelay.crypto.active-key",
                    "no active key in the key ring: webhooks cannot be stored encrypted", null);
        }
    }

    private static ConflictException duplicate(String existingId) {
        return new ConflictException("duplicate", "webhook", "this webhook's access_token is already registered",
                existingId);
    }

    private static <T> List<T> cap(List<T> list) {
        return list.size() <= ImportReport.MAX_LISTED ? list : List.copyOf(list.subList(0, ImportReport.MAX_LISTED));
    }
}
