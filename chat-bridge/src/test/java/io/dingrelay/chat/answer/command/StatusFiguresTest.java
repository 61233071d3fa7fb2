package io.dingrelay.chat.answer.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.chat.answer.Answer;
import io.dingrelay.events.EventJson;
import org.junit.jupiter.api.Test;

/** The 疫情 answer built from the screenshot-worker's {@code /api/datasets/{name}/latest} shape. */
class StatusFiguresTest {

    @Test
    void metricsWithTheirChangeAndTheDashboardImage() {
        JsonNode latest = EventJson.read("""
                {"dataset":"epidemic","revision":7,"day":"2026-12-01",
                 "metrics":{"新增确诊":{"day":"2026-12-01","value":12,"previous":9,"delta":3},
                            "治愈":{"day":"2026-12-01","value":5,"previous":8,"delta":-3},
                            "死亡":{"day":"2026-12-01","value":0}},
                 "variables":{"epidemic.新增确诊":"12"}}""", JsonNode.class);

        Answer answer = StatusCommand.figures("epidemic", latest, "http://localhost:8085/images/ab.png");

        assertThat(answer.isMarkdown()).isTrue();
        assertThat(answer.title()).isEqualTo("疫情数据 · epidemic");
        assertThat(answer.text()).isEqualTo("""
                #### 疫情数据 · epidemic（2026-12-01）
                - 新增确诊：12（较前日 +3）
                - 治愈：5（较前日 -3）
                - 死亡：0

                ![疫情数据 · epidemic](http://localhost:8085/images/ab.png)""");
    }

    @Test
    void anEmptyDatasetSaysSoWithoutImage() {
        Answer answer = StatusCommand.figures("epidemic", EventJson.read("{\"dataset\":\"epidemic\",\"revision\":0}",
                JsonNode.class), null);
        assertThat(answer.text()).isEqualTo("#### 疫情数据 · epidemic\n暂无数据");
    }
}
