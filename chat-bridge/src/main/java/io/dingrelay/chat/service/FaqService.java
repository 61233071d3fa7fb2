package io.dingrelay.chat.service;

import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.chat.faq.FaqAnalyzers;
import io.dingrelay.chat.faq.FaqImportRow;
import io.dingrelay.chat.faq.FaqIndex;
import io.dingrelay.chat.faq.FaqMatch;
import io.dingrelay.chat.faq.FaqPair;
import io.dingrelay.chat.faq.FaqRowError;
import io.dingrelay.chat.faq.FaqValidation;
import io.dingrelay.chat.persistence.FaqPairs;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The FAQ: pairs stored in PostgreSQL, searched in the Lucene index. The index is rebuilt from the database on
 * start, changed in place by every change made through this replica (searchable before the API answers), and
 * rebuilt whenever the revision moved since the last build (checked every {@code dingrelay.chat.faq.refresh-interval}):
 * changes of other replicas, and our own, so a change that raced a rebuild is never lost for longer than that.
 */
@ApplicationScoped
public class FaqService {

    private static final Logger LOG = Logger.getLogger(FaqService.class);

    private final FaqPairs pairs;
    private final FaqIndex index;
    private final FaqValidation validation;
    private final Vertx vertx;
    private final Duration refreshInterval;
    private final AtomicLong revision = new AtomicLong(-1);
    private volatile boolean ready;
    private long timer = -1;

    public FaqService(FaqPairs pairs, ChatBridgeConfig config, Vertx vertx, MeterRegistry meters) {
        this.pairs = pairs;
        this.vertx = vertx;
        this.index = new FaqIndex(FaqAnalyzers.withSynonyms(config.faq().synonymsFile()));
        this.validation = new FaqValidation(config.faq().maxPairChars());
        this.refreshInterval = config.faq().refreshInterval();
        meters.gauge("dingrelay.chat.faq.pairs", index, FaqIndex::size);
    }

    /** Thrown for a pair that breaks the rules; the errors name the fields. */
    public static final class InvalidPairException extends RuntimeException {
        private final List<FaqRowError> errors;

        public InvalidPairException(List<FaqRowError> errors) {
            super(errors.get(0).field() + " " + errors.get(0).message());
            this.errors = errors;
        }

        public List<FaqRowError> errors() {
            return errors;
        }
    }

    /** The outcome of an import: counts when stored, or every refused row (and nothing stored). */
    public record ImportReport(boolean stored, int rows, int created, int updated, List<FaqRowError> errors) {
    }

    void onStart(@Observes StartupEvent event) {
        reload().await().atMost(Duration.ofMinutes(2));
        timer = vertx.setPeriodic(refreshInterval.toMillis(), id -> refreshIfChanged()
                .subscribe().with(ignored -> { }, e -> LOG.warnf("FAQ refresh failed: %s", e.getMessage())));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        index.close();
    }

    public boolean ready() {
        return ready;
    }

    public List<FaqMatch> search(String question, int limit) {
        return index.search(question, limit);
    }

    public Uni<List<FaqPair>> page(long afterId, int limit) {
        return pairs.page(afterId, limit);
    }

    public Uni<List<FaqPair>> all() {
        return pairs.all();
    }

    public Uni<Optional<FaqPair>> byId(long id) {
        return pairs.byId(id);
    }

    public Uni<FaqPair> create(String question, String answer) {
        validate(question, answer);
        return pairs.create(question.strip(), answer.strip())
                .invoke(index::put);
    }

    public Uni<Optional<FaqPair>> update(long id, String question, String answer) {
        validate(question, answer);
        return pairs.update(id, question.strip(), answer.strip())
                .invoke(updated -> updated.ifPresent(index::put));
    }

    public Uni<Boolean> delete(long id) {
        return pairs.delete(id)
                .invoke(deleted -> {
                    if (deleted) {
                        index.remove(id);
                    }
                });
    }

    /** All rows valid, or nothing stored and every error reported. */
    public Uni<ImportReport> importRows(List<FaqImportRow> rows, boolean replace) {
        List<FaqRowError> errors = validation.checkAll(rows);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(new ImportReport(false, rows.size(), 0, 0, errors));
        }
        List<FaqPair> valid = rows.stream().map(r -> FaqPair.unsaved(r.question().strip(), r.answer().strip())).toList();
        return pairs.importAll(valid, replace)
                .call(this::reload)
                .map(counts -> new ImportReport(true, rows.size(), counts.created(), counts.updated(), List.of()));
    }

    private void validate(String question, String answer) {
        List<FaqRowError> errors = validation.check(0, question, answer);
        if (!errors.isEmpty()) {
            throw new InvalidPairException(errors);
        }
    }

    /** Rebuilds the index from the database. */
    private Uni<Void> reload() {
        // Indexing 10,000 pairs takes a second or more: never on the event loop that answers the chat.
        return pairs.revision().chain(rev -> pairs.all().emitOn(Infrastructure.getDefaultWorkerPool()).invoke(all -> {
            index.rebuild(all);
            revision.set(rev);
            ready = true;
            LOG.infof("FAQ index built: %d pairs (revision %d)", all.size(), rev);
        })).replaceWithVoid();
    }

    private Uni<Void> refreshIfChanged() {
        return pairs.revision().chain(rev -> rev == revision.get() ? Uni.createFrom().voidItem() : reload());
    }
}
