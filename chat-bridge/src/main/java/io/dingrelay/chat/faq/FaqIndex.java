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
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
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

    /** Replaces the whole index by {@code pairs}. */
    public void rebuild(Collection<FaqPair> pairs) {
        Generation old = current;
        current = new Generation(analyzers, pairs);
        old.close();
    }

    /** Adds a pair or replaces the pair with its id. */
    public void put(FaqPair pair) {
        current.put(pair);
    }

    public void remove(long id) {
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
        return current.search(question, limit);
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

        Generation(FaqAnalyzers analyzers, Collection<FaqPair> pairs) {
            this.analyzers = analyzers;
            try {
                writer = new IndexWriter(new ByteBuffersDirectory(),
                        new IndexWriterConfig(analyzers.index()).setOpenMode(IndexWriterConfig.OpenMode.CREATE));
                List<Document> docs = new ArrayList<>(pairs.size());
                for (FaqPair pair : pairs) {
                    docs.add(document(pair));
                    entries.put(pair.id(), entry(pair));
                }
                writer.addDocuments(docs);
                writer.commit();
                searchers = new SearcherManager(writer, null);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot build the FAQ index", e);
            }
        }

        void put(FaqPair pair) {
            try {
                entries.put(pair.id(), entry(pair));
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
                entries.remove(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<FaqMatch> search(String question, int limit) {
            Set<String> terms = FaqAnalyzers.terms(analyzers.query(), question);
            if (terms.isEmpty() || limit < 1) {
                return List.of();
            }
            BooleanQuery.Builder query = new BooleanQuery.Builder();
            for (String term : terms) {
                query.add(new TermQuery(new Term(QUESTION, term)), BooleanClause.Occur.SHOULD);
            }
            IndexSearcher searcher;
            try {
                searcher = searchers.acquire();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                TopDocs top = searcher.search(query.build(), limit);
                if (top.scoreDocs.length == 0) {
                    return List.of();
                }
                Map<String, Double> idf = idf(searcher, terms);
                double total = idf.values().stream().mapToDouble(Double::doubleValue).sum();
                List<FaqMatch> matches = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc hit : top.scoreDocs) {
                    String id = searcher.storedFields().document(hit.doc).get(ID);
                    Entry entry = entries.get(Long.parseLong(id));
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

        /**
         * BM25's idf of each term; a term the index has never seen gets the idf of a term in no document, so a
         * question with words the knowledge base does not know gets a lower confidence.
         */
        private static Map<String, Double> idf(IndexSearcher searcher, Set<String> terms) throws IOException {
            long docs = Math.max(1, searcher.getIndexReader().numDocs());
            Map<String, Double> idf = new java.util.HashMap<>();
            for (String term : terms) {
                int df = searcher.getIndexReader().docFreq(new Term(QUESTION, term));
                idf.put(term, Math.log(1 + (docs - df + 0.5) / (df + 0.5)));
            }
            return idf;
        }

        private Entry entry(FaqPair pair) {
            return new Entry(pair, Set.copyOf(FaqAnalyzers.terms(analyzers.index(), pair.question())));
        }

        private static Document document(FaqPair pair) {
            Document doc = new Document();
            doc.add(new StringField(ID, Long.toString(pair.id()), Field.Store.YES));
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
