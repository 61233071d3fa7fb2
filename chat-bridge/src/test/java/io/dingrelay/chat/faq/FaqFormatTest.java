package io.dingrelay.chat.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaqFormatTest {

    private static final List<FaqPair> PAIRS = List.of(
            new FaqPair(1, "去医院要注意什么", "戴口罩, \"保持距离\"\n排队时间隔一米", null, null),
            new FaqPair(2, "核酸去哪做", "社区卫生服务中心", null, null));

    @Test
    void csvExportReadsBackAsTheSamePairs() {
        String csv = FaqFormat.CSV.write(PAIRS);
        assertThat(csv).startsWith("question,answer\n");
        assertThat(FaqFormat.CSV.read(csv)).containsExactly(
                FaqImportRow.of(1, "去医院要注意什么", "戴口罩, \"保持距离\"\n排队时间隔一米"),
                FaqImportRow.of(2, "核酸去哪做", "社区卫生服务中心"));
    }

    @Test
    void ndjsonExportReadsBackAsTheSamePairs() {
        String ndjson = FaqFormat.NDJSON.write(PAIRS);
        assertThat(ndjson.lines()).hasSize(2);
        assertThat(FaqFormat.NDJSON.read(ndjson)).containsExactly(
                FaqImportRow.of(1, "去医院要注意什么", "戴口罩, \"保持距离\"\n排队时间隔一米"),
                FaqImportRow.of(2, "核酸去哪做", "社区卫生服务中心"));
    }

    @Test
    void brokenRowsAreReportedByNumber() {
        List<FaqImportRow> rows = FaqFormat.NDJSON.read("""
                {"question":"a","answer":"b"}
                not json
                [1,2]
                {"question":1,"answer":"x"}
                {"question":"c"}
                """);
        assertThat(rows).extracting(FaqImportRow::row).containsExactly(1, 2, 3, 4, 5);
        assertThat(rows.get(1).error().message()).startsWith("is not valid JSON");
        assertThat(rows.get(2).error().message()).isEqualTo("is not a JSON object");
        assertThat(rows.get(3).error().message()).isEqualTo("question and answer must be JSON strings");
        List<FaqRowError> errors = new FaqValidation(100).checkAll(rows);
        assertThat(errors).extracting(FaqRowError::row, FaqRowError::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "row"), org.assertj.core.groups.Tuple.tuple(3, "row"),
                        org.assertj.core.groups.Tuple.tuple(4, "row"), org.assertj.core.groups.Tuple.tuple(5, "answer"));
    }

    @Test
    void aCsvWithoutTheColumnsIsRefused() {
        List<FaqImportRow> rows = FaqFormat.CSV.read("q,a\nx,y\n");
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.error().message()).contains("question and answer"));
    }

    @Test
    void duplicateAndOverlongQuestionsAreReported() {
        List<FaqRowError> errors = new FaqValidation(5).checkAll(List.of(
                FaqImportRow.of(1, "一二三", "答"), FaqImportRow.of(2, " 一二三 ", "答"), FaqImportRow.of(3, "一二三四五六", "答")));
        assertThat(errors).extracting(FaqRowError::row, FaqRowError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "the same question as row 1"),
                org.assertj.core.groups.Tuple.tuple(3, "is 6 characters long; at most 5 are allowed"));
    }

    @Test
    void unknownFormatsAreNamed() {
        assertThatThrownBy(() -> FaqFormat.parse("xml")).hasMessage("format 'xml' is not supported: csv or ndjson");
    }
}
