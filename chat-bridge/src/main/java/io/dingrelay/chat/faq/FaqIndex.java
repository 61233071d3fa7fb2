package io.dingrelay.chat.faq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The FAQ pairs in an in-memory Lucene index (BM25 over the segmented question, synonyms expanded at index time).
 * Plain Java, thread-safe: searches run concurrently with changes; {@link #rebuild} swaps in a whole new index.
 *
 * <p>Why in memory: 10,000 pairs are a few megabytes; PostgreSQL is the source of truth and the index is rebuilt
 * from it on start, so nothing on disk can go stale.
 */
public final class FaqIndex implements AutoCloseable {

    static final String ID = "id";
    static final String QUESTION = "question";

    private final FaqAnalyzers analyzers;
    private volatile Generation current;

    public FaqIndex(FaqAnalyzers analyzers) {
        this.analyzers = analyzers;
        this.current = new Generation(analyzers, List.of());
    }

    /** Replaces the whole index by {@code pairs}. Changes wait for it, searches go on in the old index meanwhile. */
    public synchronized void rebuild(Collection<FaqPair> pairs) {
        Generation next = new Generation(analyzers, pairs);
        Generation old = current;
        current = next;
        old.close();
    }

    /** Adds a pair or replaces the pair with its id. */
    public synchronized void put(FaqPair pair) {
        current.put(pair);
    }

    public synchronized void remove(long id) {
        current.remove(id);
    }

    public int size() {
        return current.entries.size();
    }

    /**
     * The best {@code limit} matches of {@code question}, best first (by BM25 score), each with its confidence.
     * Empty when the question has no word the index knows.
     */
    public List<FaqMatch> search(String question, int limit) {
        Generation g = current;
        try {
            return g.search(question, limit);
        } catch (AlreadyClosedException e) {
            return current.search(question, limit); // a rebuild swapped it while we searched: the new one is open
        }
    }

    @Override
    public void close() {
        current.close();
    }

    /** A pair and the terms its question was indexed with (synonyms included). */
    private record Entry(FaqPair pair, Set<String> terms) {
    }

    /** One index with its writer, searcher manager and pairs. */
    private static final class Generation {

        private final FaqAnalyzers analyzers;
        private final IndexWriter writer;
        private final SearcherManager searchers;
        private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
        /**
         * How many pairs' indexed terms contain each term: the idf of the confidence comes from here, not from the
         * index, because a terms-dictionary lookup per word cost as much as the search itself.
         */
        private final Map<String, Integer> docFreq = new ConcurrentHashMap<>();

        Generation(FaqAnalyzers analyzers, Collection<FaqPair> pairs) {
            this.analyzers = analyzers;
            try {
                writer = new IndexWriter(new ByteBuffersDirectory(),
                        new IndexWriterConfig(analyzers.index()).setOpenMode(IndexWriterConfig.OpenMode.CREATE));
                List<Document> docs = new ArrayList<>(pairs.size());
                for (FaqPair pair : pairs) {
                    docs.add(document(pair));
                    Entry entry = entry(pair);
                    Entry old = entries.put(pair.id(), entry);
                    count(old, -1);
                    count(entry, +1);
                }
                writer.addDocuments(docs);
                // One segment: each word of a question is then looked up once, not once per segment.
                writer.forceMerge(1);
                writer.commit();
                searchers = new SearcherManager(writer, new SearcherFactory() {
                    @Override
                    public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader,
                            org.apache.lucene.index.IndexReader previous) {
                        IndexSearcher searcher = new IndexSearcher(reader);
                        // Questions rarely repeat word for word; caching clause bit sets costs more than it saves.
                        searcher.setQueryCache(null);
                        return searcher;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot build the FAQ index", e);
            }
        }

        void put(FaqPair pair) {
            try {
                Entry entry = entry(pair);
                count(entries.put(pair.id(), entry), -1);
                count(entry, +1);
                writer.updateDocument(new Term(ID, Long.toString(pair.id())), document(pair));
                searchers.maybeRefreshBlocking();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void remove(long id) {
            try {
                writer.deleteDocuments(new Term(ID, Long.toString(id)));
                searchers.maybeRefreshBlocking();
                count(entries.remove(id), -1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<FaqMatch> search(String question, int limit) {
            Set<String> terms = FaqAnalyzers.terms(analyzers.query(), question);
            if (terms.isEmpty() || limit < 1) {
                return List.of();
            }
            IndexSearcher searcher;
            try {
                searcher = searchers.acquire();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                long docs = Math.max(1, entries.size());
                Map<String, Double> idf = new java.util.HashMap<>();
                double total = 0;
                BooleanQuery.Builder query = new BooleanQuery.Builder();
                for (String text : terms) {
                    int df = docFreq.getOrDefault(text, 0);
                    // BM25's idf; a word no pair has weighs most and lowers the confidence the most.
                    double weight = Math.log(1 + (docs - df + 0.5) / (df + 0.5));
                    idf.put(text, weight);
                    total += weight;
                    if (df > 0) {
                        query.add(new TermQuery(new Term(QUESTION, text)), BooleanClause.Occur.SHOULD);
                    }
                }
                BooleanQuery built = query.build();
                if (built.clauses().isEmpty()) {
                    return List.of();
                }
                TopDocs hits = searcher.search(built, limit);
                List<FaqMatch> matches = new ArrayList<>(hits.scoreDocs.length);
                for (ScoreDoc hit : hits.scoreDocs) {
                    Entry entry = entries.get(pairId(searcher, hit.doc));
                    if (entry == null) {
                        continue; // removed since the searcher was opened
                    }
                    double covered = 0;
                    for (String term : terms) {
                        if (entry.terms().contains(term)) {
                            covered += idf.get(term);
                        }
                    }
                    matches.add(new FaqMatch(entry.pair(), hit.score, total == 0 ? 0 : covered / total));
                }
                return matches;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    searchers.release(searcher);
                } catch (IOException ignored) {
                    // an in-memory reader cannot fail to close
                }
            }
        }

        /** The pair id of a hit, from doc values (stored fields would decompress a whole block per hit). */
        private static long pairId(IndexSearcher searcher, int doc) throws IOException {
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
            NumericDocValues ids = leaf.reader().getNumericDocValues(ID);
            if (ids == null || !ids.advanceExact(doc - leaf.docBase)) {
                return -1;
            }
            return ids.longValue();
        }

        private void count(Entry entry, int delta) {
            if (entry != null) {
                entry.terms().forEach(t -> docFreq.merge(t, delta, (a, b) -> a + b == 0 ? null : a + b));
            }
        }

        private Entry entry(FaqPair pair) {
            return new Entry(pair, Set.copyOf(FaqAnalyzers.terms(analyzers.index(), pair.question())));
        }

        private static Document document(FaqPair pair) {
            Document doc = new Document();
            doc.add(new StringField(ID, Long.toString(pair.id()), Field.Store.NO));
            doc.add(new NumericDocValuesField(ID, pair.id()));
            doc.add(new TextField(QUESTION, pair.question(), Field.Store.NO));
            return doc;
        }

        void close() {
            try {
                searchers.close();
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
