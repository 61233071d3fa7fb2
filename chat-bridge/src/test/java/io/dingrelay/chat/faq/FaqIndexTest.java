package io.dingrelay.chat.faq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ranking of Chinese questions over the built-in analysis (smartcn segmentation, the shipped synonyms). */
class FaqIndexTest {

    private static FaqIndex index;

    @BeforeAll
    static void build() {
        index = new FaqIndex(FaqAnalyzers.withSynonyms(Optional.empty()));
        index.rebuild(List.of(
                pair(1, "今天新增了多少病例", "今日新增确诊 12 例。"),
                pair(2, "去医院要注意什么", "请全程佩戴口罩，保持一米距离。"),
                pair(3, "核酸检测去哪里做", "各社区卫生服务中心均可检测。"),
                pair(4, "新型冠状病毒疫苗要打几针", "全程接种需两针，间隔三周。"),
                pair(5, "居家隔离期间可以出门吗", "隔离期间请勿外出。"),
                pair(6, "累计确诊多少人", "累计确诊 1,024 例。")));
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void segmentationMatchesWordsInsideALongerQuestion() {
        List<FaqMatch> matches = index.search("新增病例", 3);

        assertThat(matches).isNotEmpty();
        assertThat(matches.get(0).pair().id()).isEqualTo(1);
        assertThat(matches.get(0).confidence()).isEqualTo(1.0);
    }

    @Test
    void aRephrasedQuestionFindsItsPairFirst() {
        assertThat(index.search("医院看病需要注意哪些", 3).get(0).pair().id()).isEqualTo(2);
        assertThat(index.search("哪里可以做核酸", 3).get(0).pair().id()).isEqualTo(3);
        assertThat(index.search("今天新增多少?", 3).get(0).pair().id()).isEqualTo(1);
    }

    @Test
    void synonymsMatchAtFullConfidence() {
        // 新冠 ↔ 新型冠状病毒, 患者 ↔ 病例 (faq-synonyms.txt)
        FaqMatch vaccine = index.search("新冠疫苗打几针", 1).get(0);
        assertThat(vaccine.pair().id()).isEqualTo(4);
        assertThat(vaccine.confidence()).isEqualTo(1.0);
        FaqMatch cases = index.search("新增患者", 1).get(0);
        assertThat(cases.pair().id()).isEqualTo(1);
        assertThat(cases.confidence()).isEqualTo(1.0);
    }

    @Test
    void anUnrelatedQuestionHasALowConfidence() {
        List<FaqMatch> matches = index.search("今天天气怎么样", 1);
        assertThat(matches).allSatisfy(m -> assertThat(m.confidence()).isLessThan(0.6));
        assertThat(index.search("股票行情", 1)).isEmpty();
        assertThat(index.search("？！。", 1)).isEmpty();
    }

    @Test
    void changesAreSearchableAtOnceAndRemovalsGone() {
        index.put(pair(100, "口罩怎么选", "选医用外科口罩。"));
        assertThat(index.search("口罩选哪种", 1).get(0).pair().id()).isEqualTo(100);
        index.put(pair(100, "口罩多久换一次", "四小时更换一次。"));
        assertThat(index.search("口罩多久换", 1).get(0).pair().answer()).isEqualTo("四小时更换一次。");
        index.remove(100);
        assertThat(index.search("口罩多久换", 3)).noneSatisfy(m -> assertThat(m.pair().id()).isEqualTo(100));
    }

    private static FaqPair pair(long id, String q, String a) {
        return new FaqPair(id, q, a, null, null);
    }
}
