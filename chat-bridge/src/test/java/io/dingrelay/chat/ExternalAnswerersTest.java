package io.dingrelay.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.chat.support.DemoApp;
import io.dingrelay.chat.support.ExternalEndpointsResource;
import io.dingrelay.chat.support.SimulatedGroup;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.dingrelay.testkit.SimulatorResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The external answerers switched on (they are off by default), in front of the fallback: a generic NLP endpoint and
 * an OpenAI-compatible chat-completions endpoint, both local stand-ins started for the test, with 1 s timeouts.
 */
@QuarkusTest
@QuarkusTestResource(value = ExternalEndpointsResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "chat_bridge_external_test"))
@QuarkusTestResource(value = DemoApp.Simulator.class, restrictToAnnotatedClass = true)
class ExternalAnswerersTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = SimulatorResource.URL_PROPERTY)
    String simulator;

    @Inject
    MeterRegistry meters;

    private String ask(SimulatedGroup g, String text) {
        int before = g.received().size();
        g.say(text);
        return SimulatedGroup.text(g.awaitReply(before));
    }

    @Test
    void theNlpEndpointAnswersFirstWithTheQuestionAndItsContext() {
        SimulatedGroup g = group();
        assertThat(ask(g, "NLP 能回答吗")).isEqualTo("@user123 NLP答：NLP 能回答吗");
        JsonObject sent = ExternalEndpointsResource.NLP_REQUESTS.stream()
                .filter(r -> r.getString("question").equals("NLP 能回答吗")).findFirst().orElseThrow();
        assertThat(sent.getString("conversationId")).isEqualTo(g.conversationId);
        assertThat(sent.getString("senderId")).isEqualTo("user123");
        assertThat(sent.getString("msgId")).isNotBlank();
    }

    @Test
    void theLlmGetsTheSystemPromptAndTheFaqsBestMatchesAndAnswers() {
        given().header("Authorization", ChatBridgeTest.ADMIN).contentType("application/json")
                .body(Map.of("question", "疫苗要打几针", "answer", "两针，间隔三周。")).post("/api/faq").then().statusCode(201);
        SimulatedGroup g = group();
        // "疫苗第三针什么时候打" shares too few words with the FAQ question for the FAQ itself to answer.
        assertThat(ask(g, "疫苗第三针什么时候打加强")).isEqualTo("@user123 LLM答：疫苗第三针什么时候打加强");

        JsonObject request = ExternalEndpointsResource.LLM_REQUESTS.stream()
                .filter(r -> r.encode().contains("疫苗第三针什么时候打加强")).findFirst().orElseThrow();
        assertThat(request.getString("model")).isEqualTo("stand-in-model");
        assertThat(request.getJsonArray("messages").getJsonObject(0).getString("role")).isEqualTo("system");
        assertThat(request.getJsonArray("messages").getJsonObject(0).getString("content"))
                .isEqualTo(ExternalEndpointsResource.SYSTEM_PROMPT);
        assertThat(request.getJsonArray("messages").getJsonObject(1).getString("content"))
                .contains("问：疫苗要打几针", "答：两针，间隔三周。", "用户的问题：疫苗第三针什么时候打加强");
    }

    @Test
    void aSlowLlmFallsBackWithinItsTimeoutAndIsCounted() {
        SimulatedGroup g = group();
        double timeouts = count("llm", "timeout");

        assertThat(ask(g, "这个问题回答得很慢")).isEqualTo("@user123 抱歉，我还不会回答「这个问题回答得很慢」。发送「帮助」看看我能做什么。");
        assertThat(count("llm", "timeout")).isEqualTo(timeouts + 1);
    }

    @Test
    void aFailingLlmAndGarbageOrSlowNlpAnswersFallBackAndAreCounted() {
        SimulatedGroup g = group();
        double llmErrors = count("llm", "error");
        double garbage = count("nlp", "garbage");
        double nlpTimeouts = count("nlp", "timeout");
        double nlpErrors = count("nlp", "error");

        assertThat(ask(g, "坏掉的模型")).contains("抱歉，我还不会回答「坏掉的模型」");
        assertThat(count("llm", "error")).isEqualTo(llmErrors + 1);

        // NLP garbage passes on to the LLM, which answers.
        assertThat(ask(g, "乱码测试")).isEqualTo("@user123 LLM答：乱码测试");
        assertThat(count("nlp", "garbage")).isEqualTo(garbage + 1);

        assertThat(ask(g, "迟到的回答")).isEqualTo("@user123 LLM答：迟到的回答");
        assertThat(count("nlp", "timeout")).isEqualTo(nlpTimeouts + 1);

        // An NLP endpoint that is down (503) passes on too.
        assertThat(ask(g, "服务宕机")).isEqualTo("@user123 LLM答：服务宕机");
        assertThat(count("nlp", "error")).isEqualTo(nlpErrors + 1);
    }

    @Test
    void commandsStillComeFirst() {
        assertThat(ask(group(), "帮助")).startsWith("@user123 我是疫情信息助手");
    }

    private SimulatedGroup group() {
        return SimulatedGroup.create(simulator, kafka, "外部群");
    }

    private double count(String answerer, String result) {
        var counter = meters.find("dingrelay.chat.external").tags("answerer", answerer, "result", result).counter();
        return counter == null ? 0 : counter.count();
    }

}
