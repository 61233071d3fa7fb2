package io.dingrelay.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.protocol.message.ActionCardMessage.Button;
import io.dingrelay.protocol.message.FeedCardMessage.Link;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordCheckTest {

    private static final List<String> KEYWORDS = List.of("疫情", "日报");

    @Test
    void aKeywordInAnyVisibleTextCounts() {
        assertThat(KeywordCheck.containsAny(TextMessage.of("今天的日报"), KEYWORDS)).isTrue();
        assertThat(KeywordCheck.containsAny(MarkdownMessage.of("疫情", "x"), KEYWORDS)).isTrue();
        assertThat(KeywordCheck.containsAny(MarkdownMessage.of("t", "#### 疫情通报"), KEYWORDS)).isTrue();
        assertThat(KeywordCheck.containsAny(LinkMessage.of("日报", "x", "https://e.com"), KEYWORDS)).isTrue();
        assertThat(KeywordCheck.containsAny(LinkMessage.of("t", "今日疫情", "https://e.com"), KEYWORDS)).isTrue();
        assertThat(KeywordCheck.containsAny(ActionCardMessage.single("t", "x", "看日报", "https://e.com"), KEYWORDS)).isTrue();
        assertThat(KeywordCheck.containsAny(ActionCardMessage.buttons("t", "x", Button.of("a", "https://a"), Button.of("疫情", "https://b")),
                KEYWORDS)).isTrue();
        assertThat(KeywordCheck.containsAny(FeedCardMessage.of(Link.of("a", "https://a", "https://p"), Link.of("日报", "https://b", "https://p")),
                KEYWORDS)).isTrue();
    }

    @Test
    void aKeywordOnlyInAUrlDoesNotCount() {
        assertThat(KeywordCheck.containsAny(LinkMessage.of("t", "x", "https://e.com/日报", "https://e.com/疫情.png"), KEYWORDS)).isFalse();
        assertThat(KeywordCheck.containsAny(ActionCardMessage.single("t", "x", "read", "https://e.com/日报"), KEYWORDS)).isFalse();
        assertThat(KeywordCheck.containsAny(ActionCardMessage.buttons("t", "x", Button.of("a", "https://e.com/疫情")), KEYWORDS)).isFalse();
        assertThat(KeywordCheck.containsAny(FeedCardMessage.of(Link.of("a", "https://e.com/日报", "https://e.com/疫情")), KEYWORDS)).isFalse();
    }

    @Test
    void noKeywordNoMatch() {
        assertThat(KeywordCheck.containsAny(TextMessage.of("hello"), KEYWORDS)).isFalse();
        assertThat(KeywordCheck.containsAny(TextMessage.of("hello"), List.of())).isFalse();
        assertThat(KeywordCheck.containsAny(TextMessage.of("hello"), null)).isFalse();
        assertThat(KeywordCheck.containsAny(TextMessage.of("hello"), Arrays.asList(null, ""))).isFalse();
        assertThat(KeywordCheck.containsAny(EmptyMessage.INSTANCE, KEYWORDS)).isFalse();
        assertThat(KeywordCheck.containsAny(null, KEYWORDS)).isFalse();
        // Case-sensitive and literal.
        assertThat(KeywordCheck.containsAny(TextMessage.of("daily REPORT"), List.of("report"))).isFalse();
    }

    @Test
    void aKeywordCannotSpanTwoFields() {
        assertThat(KeywordCheck.containsAny(MarkdownMessage.of("今日", "报表"), List.of("日报"))).isFalse();
        assertThat(KeywordCheck.searchableText(MarkdownMessage.of("今日", "报表"))).isEqualTo("今日\n报表\n");
        assertThat(KeywordCheck.searchableText(EmptyMessage.INSTANCE)).isEmpty();
    }
}
