package io.dingrelay.chat.faq;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The analysis of FAQ text: smartcn's HMM word segmentation (so {@code 新增病例} becomes {@code 新增 / 病例} and
 * matches {@code 今天新增了多少病例}), lower case, punctuation and a few particles dropped. Synonyms are expanded when
 * a pair is indexed, not when a question is asked: the index then holds every synonym of a pair's words, and a
 * question's words are plain terms whose coverage can be measured (the confidence).
 */
public final class FaqAnalyzers {

    /** Particles that carry no meaning in a question; smartcn's own stop set is only punctuation. */
    private static final List<String> PARTICLES = List.of("的", "了", "吗", "呢", "啊", "吧", "呀", "嘛", "么", "是",
            "请问", "一下", "我", "你", "您", "能", "要", "想", "the", "a", "an", "is", "are", "of", "to", "what", "how");

    private final Analyzer query;
    private final Analyzer index;

    private FaqAnalyzers(SynonymMap synonyms) {
        CharArraySet stop = CharArraySet.copy(SmartChineseAnalyzer.getDefaultStopSet());
        stop.addAll(PARTICLES);
        this.query = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new HMMChineseTokenizer();
                return new TokenStreamComponents(tokenizer, new StopFilter(new LowerCaseFilter(tokenizer), stop));
            }
        };
        this.index = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new HMMChineseTokenizer();
                TokenStream stream = new StopFilter(new LowerCaseFilter(tokenizer), stop);
                if (synonyms != null && synonyms.fst != null) {
                    // Index-time synonym graphs must be flattened (Lucene's SynonymGraphFilter Javadoc).
                    stream = new FlattenGraphFilter(new SynonymGraphFilter(stream, synonyms, true));
                }
                return new TokenStreamComponents(tokenizer, new RemoveDuplicatesTokenFilter(stream));
            }
        };
    }

    /** With the synonyms of {@code file}, or the built-in {@code faq-synonyms.txt} when empty. */
    public static FaqAnalyzers withSynonyms(Optional<Path> file) {
        try (Reader reader = file.isPresent()
                ? Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)
                : new java.io.InputStreamReader(FaqAnalyzers.class.getResourceAsStream("/faq-synonyms.txt"),
                        StandardCharsets.UTF_8)) {
            return withSynonyms(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read FAQ synonyms " + file.map(Path::toString).orElse("faq-synonyms.txt"), e);
        }
    }

    /** With the Solr-format synonyms read from {@code reader}. */
    public static FaqAnalyzers withSynonyms(Reader reader) throws IOException {
        FaqAnalyzers plain = new FaqAnalyzers(null);
        SolrSynonymParser parser = new SolrSynonymParser(true, true, plain.query);
        try {
            parser.parse(reader);
        } catch (ParseException e) {
            throw new IllegalArgumentException("FAQ synonyms: line " + e.getErrorOffset() + ": " + e.getMessage(), e);
        }
        return new FaqAnalyzers(parser.build());
    }

    /** Analyses questions. */
    public Analyzer query() {
        return query;
    }

    /** Analyses indexed pairs (with synonyms). */
    public Analyzer index() {
        return index;
    }

    /** The distinct terms of {@code text} as {@code analyzer} makes them, in order. */
    public static Set<String> terms(Analyzer analyzer, String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream("question", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }
}
