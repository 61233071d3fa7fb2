package io.dingrelay.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenApiTemplateTest {

    private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, Problem problem) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.problem()).as("problem of %s", e.getMessage()).isEqualTo(problem);
        });
    }

    /** Every required field set to "v-<field>", in the template's order. */
    private static Map<String, String> complete(OpenApiTemplate t) {
        Map<String, String> values = new LinkedHashMap<>();
        t.requiredFields().forEach(f -> values.put(f, "v-" + f));
        return values;
    }

    /** A msgParam string with every required field, one of them replaced by a raw JSON value (or left out when null). */
    private static String withField(OpenApiTemplate t, String field, String rawJson) {
        return t.requiredFields().stream()
                .filter(f -> !f.equals(field) || rawJson != null)
                .map(f -> "\"" + f + "\":" + (f.equals(field) ? rawJson : "\"v-" + f + "\""))
                .collect(Collectors.joining(",", "{", "}"));
    }

    static Stream<Arguments> everyRequiredField() {
        return Stream.of(OpenApiTemplate.values()).flatMap(t -> t.requiredFields().stream().map(f -> Arguments.of(t, f)));
    }

    @Test
    void theTableIsThatOfTheReference() {
        // dingtalk-protocol.md §5.2, field for field.
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("sampleText", List.of("content"));
        expected.put("sampleMarkdown", List.of("title", "text"));
        expected.put("sampleImageMsg", List.of("photoURL"));
        expected.put("sampleLink", List.of("text", "title", "picUrl", "messageUrl"));
        expected.put("sampleActionCard", List.of("title", "text", "singleTitle", "singleURL"));
        expected.put("sampleActionCard2", List.of("title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2"));
        expected.put("sampleActionCard3", List.of("title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2",
                "actionTitle3", "actionURL3"));
        expected.put("sampleActionCard4", List.of("title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2",
                "actionTitle3", "actionURL3", "actionTitle4", "actionURL4"));
        expected.put("sampleActionCard5", List.of("title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2",
                "actionTitle3", "actionURL3", "actionTitle4", "actionURL4", "actionTitle5", "actionURL5"));
        expected.put("sampleActionCard6", List.of("title", "text", "buttonTitle1", "buttonUrl1", "buttonTitle2", "buttonUrl2"));
        expected.put("sampleAudio", List.of("mediaId", "duration"));
        expected.put("sampleFile", List.of("mediaId", "fileName", "fileType"));
        expected.put("sampleVideo", List.of("duration", "videoMediaId", "videoType", "picMediaId"));
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (OpenApiTemplate t : OpenApiTemplate.values()) {
            actual.put(t.msgKey(), t.requiredFields());
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @Test
    void msgKeysAreLookedUpExactly() {
        for (OpenApiTemplate t : OpenApiTemplate.values()) {
            assertThat(OpenApiTemplate.byMsgKey(t.msgKey())).contains(t);
        }
        assertThat(OpenApiTemplate.byMsgKey("sampleactioncard2")).isEmpty();
        assertThat(OpenApiTemplate.byMsgKey("sampleActionCard7")).isEmpty();
        assertThat(OpenApiTemplate.byMsgKey("sampleFeedCard")).isEmpty();
        assertThat(OpenApiTemplate.byMsgKey("")).isEmpty();
        assertThat(OpenApiTemplate.byMsgKey(null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(OpenApiTemplate.class)
    void aCompleteMsgParamIsAcceptedAndReturned(OpenApiTemplate t) {
        var param = t.validate(withField(t, null, null));
        for (String f : t.requiredFields()) {
            assertThat(param.get(f).textValue()).isEqualTo("v-" + f);
        }
    }

    @ParameterizedTest
    @EnumSource(OpenApiTemplate.class)
    void fieldsTheTemplateDoesNotUseAreIgnored(OpenApiTemplate t) {
        String json = withField(t, null, null);
        String extra = json.substring(0, json.length() - 1) + ",\"unknown\":{\"x\":[1]},\"btns\":true}";
        assertThat(t.validate(extra).get("unknown").isObject()).isTrue();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("everyRequiredField")
    void eachMissingFieldIsNamed(OpenApiTemplate t, String field) {
        String path = "msgParam." + field;
        assertMalformed(() -> t.validate(withField(t, field, null)), path, Problem.MISSING_FIELD);
        assertMalformed(() -> t.validate(withField(t, field, "null")), path, Problem.MISSING_FIELD);
        assertMalformed(() -> t.validate(withField(t, field, "\"\"")), path, Problem.MISSING_FIELD);
        Map<String, String> values = complete(t);
        values.remove(field);
        assertMalformed(() -> t.toMsgParam(values), path, Problem.MISSING_FIELD);
    }

    @ParameterizedTest(name = "{0} with {1} of the wrong type")
    @MethodSource("everyRequiredField")
    void eachFieldOfTheWrongTypeIsNamed(OpenApiTemplate t, String field) {
        String path = "msgParam." + field;
        for (String wrong : List.of("true", "{\"text\":\"x\"}", "[\"x\"]")) {
            assertMalformed(() -> t.validate(withField(t, field, wrong)), path, Problem.WRONG_TYPE);
        }
        assertMalformed(() -> t.validate(withField(t, field, "\"bad \\udc00\"")), path, Problem.INVALID_VALUE);
        // A number is read as its text (durations are numbers in spirit).
        assertThat(t.validate(withField(t, field, "4000")).get(field).asText()).isEqualTo("4000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "", "[]", "\"{}\"", "{\"content\":\"x\"} trailing", "{\"content\":"})
    void aMsgParamThatIsNotOneJsonObjectIsNotJson(String msgParam) {
        assertMalformed(() -> OpenApiTemplate.SAMPLE_TEXT.validate(msgParam), "msgParam", Problem.NOT_JSON);
    }

    @Test
    void aMissingMsgParamIsAMissingField() {
        assertMalformed(() -> OpenApiTemplate.SAMPLE_TEXT.validate(null), "msgParam", Problem.MISSING_FIELD);
        assertMalformed(() -> OpenApiTemplate.SAMPLE_TEXT.toMsgParam(null), "msgParam", Problem.MISSING_FIELD);
    }

    @Test
    void theSizeLimitIs15000Utf8BytesAndIsCheckedFirst() {
        String envelope = "{\"content\":\"\"}";
        int room = 15_000 - envelope.length();
        String exactly = "{\"content\":\"" + "钉".repeat(room / 3) + "a".repeat(room % 3) + "\"}";
        assertThat(exactly.getBytes(StandardCharsets.UTF_8)).hasSize(15_000);
        assertThat(exactly.length()).isLessThan(5_100);
        assertThat(OpenApiTemplate.SAMPLE_TEXT.validate(exactly).get("content").textValue()).startsWith("钉钉");

        String over = exactly.replace("\"}", "a\"}");
        assertThatThrownBy(() -> OpenApiTemplate.SAMPLE_TEXT.validate(over)).isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
            assertThat(e.field()).isEqualTo("msgParam");
            assertThat(e.actualBytes()).isEqualTo(15_001);
            assertThat(e.limitBytes()).isEqualTo(15_000);
        });
        // Too large is answered before the content is read: 15,001 bytes that are not even JSON.
        assertThatThrownBy(() -> OpenApiTemplate.SAMPLE_TEXT.validate("x".repeat(15_001))).isInstanceOf(MessageTooLargeException.class);
        assertThatThrownBy(() -> OpenApiTemplate.SAMPLE_TEXT.toMsgParam(Map.of("content", "钉".repeat(5_000))))
                .isInstanceOf(MessageTooLargeException.class);
    }

    @ParameterizedTest
    @EnumSource(OpenApiTemplate.class)
    void toMsgParamWritesWhatValidateAccepts(OpenApiTemplate t) {
        String msgParam = t.toMsgParam(complete(t));
        assertThat(t.validate(msgParam).size()).isEqualTo(t.requiredFields().size());
    }

    @Test
    void toMsgParamWritesChineseUnescapedInTheGivenOrder() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("title", "日报");
        values.put("text", "### 今日 😀");
        values.put("ignored", null);
        assertThat(OpenApiTemplate.SAMPLE_MARKDOWN.toMsgParam(values)).isEqualTo("{\"title\":\"日报\",\"text\":\"### 今日 😀\"}");
        Map<String, String> nullKey = new java.util.HashMap<>();
        nullKey.put(null, "x");
        assertMalformed(() -> OpenApiTemplate.SAMPLE_TEXT.toMsgParam(nullKey), "msgParam", Problem.INVALID_VALUE);
        assertMalformed(() -> OpenApiTemplate.SAMPLE_TEXT.toMsgParam(Map.of("content", "bad \udc00")), "msgParam.content",
                Problem.INVALID_VALUE);
    }
}
