package io.dingrelay.registry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportParserTest {

    @Test
    void csvWithQuotesTagsAndABrokenLine() {
        List<ImportRow> rows = ImportParser.csv("""
                title,webhook,secret,tags
                "Ops, Beijing",https://oapi.dingtalk.com/robot/send?access_token=abcdefgh12,SECabcdefgh123,ops;bj

                Sales,https://oapi.dingtalk.com/robot/send?access_token=abcdefgh34,,
                broken,"unbalanced
                too,many,columns,here,x
                """, 10);

        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(0).title()).isEqualTo("Ops, Beijing");
        assertThat(rows.get(0).tags()).containsExactly("ops", "bj");
        assertThat(rows.get(1).line()).isEqualTo(4);
        assertThat(rows.get(1).secret()).isNull();
        assertThat(rows.get(2).line()).isEqualTo(5);
        assertThat(rows.get(2).problem()).isNotNull();
        assertThat(rows.get(3).problem()).isEqualTo("has 5 columns, the header has 4");
    }

    @Test
    void csvHeaderIsChecked() {
        assertThatThrownBy(() -> ImportParser.csv("title,url\nx,y\n", 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown column 'url'");
    }

    @Test
    void ndjsonLinesOverJacksonsLimitsAreBrokenRowsNotAFailure() {
        // The drill's fuzzer sent 2,000-deep arrays: Jackson's StreamConstraintsException has no location (was an NPE, 500).
        List<ImportRow> rows = ImportParser.ndjson("[".repeat(3_000) + "]".repeat(3_000) + "\n{\"x\":" + "9".repeat(2_000) + "}\n", 10);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).problem()).isEqualTo("not valid JSON (over a nesting or size limit)");
    }

    @Test
    void ndjsonLinesAndLimits() {
        List<ImportRow> rows = ImportParser.ndjson("{\"name\":\"a\",\"webhook\":\"w\",\"tags\":[\"x\"]}\n{broken\n\n[1]\n", 10);
        assertThat(rows).extracting(ImportRow::line).containsExactly(1, 2, 4);
        assertThat(rows.get(0).title()).isEqualTo("a");
        assertThat(rows.get(1).problem()).startsWith("not valid JSON");
        assertThat(rows.get(2).problem()).isEqualTo("not a JSON object");
        assertThatThrownBy(() -> ImportParser.ndjson("{}\n{}\n{}\n", 2)).isInstanceOf(ImportParser.TooManyRowsException.class);
    }
}
