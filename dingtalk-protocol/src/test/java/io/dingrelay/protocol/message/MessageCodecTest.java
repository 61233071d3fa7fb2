package io.dingrelay.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.protocol.message.ActionCardMessage.Button;
import io.dingrelay.protocol.message.ActionCardMessage.Orientation;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

    static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, Problem problem) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.problem()).as("problem of %s", e.getMessage()).isEqualTo(problem);
        });
    }

    @Nested
    class Golden {

        static Stream<Arguments> goldens() {
            return Stream.of(
                    Arguments.of(TextMessage.of("hi"), "{\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}"),
                    Arguments.of(TextMessage.of("我就是我, @150XXXXXXXX 是不一样的烟火",
                                    new At(List.of("150XXXXXXXX"), List.of("user123"), false)),
                            "{\"msgtype\":\"text\",\"text\":{\"content\":\"我就是我, @150XXXXXXXX 是不一样的烟火\"},"
                                    + "\"at\":{\"atMobiles\":[\"150XXXXXXXX\"],\"atUserIds\":[\"user123\"],\"isAtAll\":false}}"),
                    Arguments.of(TextMessage.of("全体注意", At.all()),
                            "{\"msgtype\":\"text\",\"text\":{\"content\":\"全体注意\"},\"at\":{\"isAtAll\":true}}"),
                    Arguments.of(MarkdownMessage.of("杭州天气", "#### 杭州天气 @150XXXXXXXX \n > 9度，西北风1级", At.mobiles("150XXXXXXXX")),
                            "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"杭州天气\",\"text\":\"#### 杭州天气 @150XXXXXXXX \\n > 9度，西北风1级\"},"
                                    + "\"at\":{\"atMobiles\":[\"150XXXXXXXX\"],\"isAtAll\":false}}"),
                    Arguments.of(LinkMessage.of("时代的火车向前开", "这个即将发布的新版本", "https://www.dingtalk.com/", "https://img.example/p.png"),
                            "{\"msgtype\":\"link\",\"link\":{\"title\":\"时代的火车向前开\",\"text\":\"这个即将发布的新版本\","
                                    + "\"messageUrl\":\"https://www.dingtalk.com/\",\"picUrl\":\"https://img.example/p.png\"}}"),
                    Arguments.of(LinkMessage.of("t", "x", "https://a/"),
                            "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\",\"messageUrl\":\"https://a/\"}}"),
                    Arguments.of(new ActionCardMessage("乔布斯 20 年前想打造一间苹果咖啡厅", "![screenshot](https://img/x.png) \n ### 乔布斯",
                                    "阅读全文", "https://www.dingtalk.com/", null, Orientation.VERTICAL, null, null),
                            "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"乔布斯 20 年前想打造一间苹果咖啡厅\","
                                    + "\"text\":\"![screenshot](https://img/x.png) \\n ### 乔布斯\",\"singleTitle\":\"阅读全文\","
                                    + "\"singleURL\":\"https://www.dingtalk.com/\",\"btnOrientation\":\"0\"}}"),
                    Arguments.of(ActionCardMessage.buttons("t", "x", Orientation.HORIZONTAL,
                                    List.of(Button.of("内容不错", "https://a/"), Button.of("不感兴趣", "dingtalk://dingtalkclient/page/link?url=x")))
                                    .withHideAvatar(true),
                            "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btnOrientation\":\"1\",\"hideAvatar\":\"1\","
                                    + "\"btns\":[{\"title\":\"内容不错\",\"actionURL\":\"https://a/\"},"
                                    + "{\"title\":\"不感兴趣\",\"actionURL\":\"dingtalk://dingtalkclient/page/link?url=x\"}]}}"),
                    Arguments.of(FeedCardMessage.of(FeedCardMessage.Link.of("时代的火车向前开1", "https://www.dingtalk.com/", "https://img/1.png"),
                                    FeedCardMessage.Link.of("2", "https://b/", "https://img/2.png")),
                            "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[{\"title\":\"时代的火车向前开1\",\"messageURL\":\"https://www.dingtalk.com/\","
                                    + "\"picURL\":\"https://img/1.png\"},{\"title\":\"2\",\"messageURL\":\"https://b/\",\"picURL\":\"https://img/2.png\"}]}}"),
                    Arguments.of(EmptyMessage.INSTANCE, "{\"msgtype\":\"empty\"}"),
                    Arguments.of(TextMessage.of("hi").withMsgUuid("run-1:target-2"),
                            "{\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"},\"msgUuid\":\"run-1:target-2\"}"),
                    Arguments.of(FeedCardMessage.of(FeedCardMessage.Link.of("a", "https://a/", "https://p/")).withMsgUuid("u"),
                            "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[{\"title\":\"a\",\"messageURL\":\"https://a/\",\"picURL\":\"https://p/\"}]},\"msgUuid\":\"u\"}"));
        }

        @ParameterizedTest
        @MethodSource("goldens")
        void writesExactlyDingTalksJson(RobotMessage message, String json) {
            assertThat(MessageCodec.toJson(message)).isEqualTo(json);
            assertThat(MessageCodec.toJsonBytes(message)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        }

        @ParameterizedTest
        @MethodSource("goldens")
        void parsesItsOwnOutputBackToAnEqualMessage(RobotMessage message, String json) {
            assertThat(MessageCodec.parse(json)).isEqualTo(message);
            assertThat(MessageCodec.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(message);
        }

        @Test
        void nonAsciiIsWrittenAsUtf8NotEscaped() {
            String content = "钉钉，让进步发生 😀 é ☃";
            byte[] bytes = MessageCodec.toJsonBytes(TextMessage.of(content));

            assertThat(new String(bytes, StandardCharsets.US_ASCII)).doesNotContain("\\u");
            assertThat(bytes).hasSize("{\"msgtype\":\"text\",\"text\":{\"content\":\"\"}}".length() + content.getBytes(StandardCharsets.UTF_8).length);
        }

        @Test
        void controlCharactersAndQuotesAreJsonEscaped() {
            assertThat(MessageCodec.toJson(TextMessage.of("a\"b\\c\nd\te\u0001")))
                    .isEqualTo("{\"msgtype\":\"text\",\"text\":{\"content\":\"a\\\"b\\\\c\\nd\\te\\u0001\"}}");
        }

        @Test
        void singleJumpAndButtonsTogetherAreAcceptedAndKept() {
            String json = "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"singleTitle\":\"s\",\"singleURL\":\"https://s/\","
                    + "\"btns\":[{\"title\":\"b\",\"actionURL\":\"https://b/\"}]}}";
            assertThat(MessageCodec.toJson(MessageCodec.parse(json))).isEqualTo(json);
        }

        @Test
        void unknownFieldsAndAtOnLinkAreIgnored() {
            RobotMessage m = MessageCodec.parse("{\"msgtype\":\"link\",\"extra\":1,\"at\":{\"isAtAll\":true},"
                    + "\"link\":{\"title\":\"t\",\"text\":\"x\",\"messageUrl\":\"https://a/\",\"other\":[]}}");
            assertThat(m).isEqualTo(LinkMessage.of("t", "x", "https://a/"));
        }

        @Test
        void nullMembersCountAsAbsent() {
            assertThat(MessageCodec.parse("{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":null,\"msgUuid\":null}"))
                    .isEqualTo(TextMessage.of("x"));
        }
    }

    @Nested
    class StrictParse {

        @ParameterizedTest(name = "{1} {2}: {0}")
        @CsvSource(delimiter = '|', value = {
                "not json|body|NOT_JSON",
                "[]|body|NOT_JSON",
                "\"text\"|body|NOT_JSON",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}} trailing|body|NOT_JSON",
                "{}|msgtype|MISSING_FIELD",
                "{\"msgtype\":\"\"}|msgtype|MISSING_FIELD",
                "{\"msgtype\":1}|msgtype|UNSUPPORTED_MSGTYPE",
                "{\"msgtype\":null}|msgtype|MISSING_FIELD",
                "{\"msgtype\":\"image\",\"image\":{}}|msgtype|UNSUPPORTED_MSGTYPE",
                "{\"msgtype\":\"Text\",\"text\":{\"content\":\"x\"}}|msgtype|UNSUPPORTED_MSGTYPE",
                "{\"msgtype\":\"text\"}|text|MISSING_FIELD",
                "{\"msgtype\":\"text\",\"text\":\"hi\"}|text|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"content\":\"hi\"}|text|MISSING_FIELD",
                "{\"msgtype\":\"text\",\"text\":{}}|text.content|MISSING_FIELD",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"\"}}|text.content|MISSING_FIELD",
                "{\"msgtype\":\"text\",\"text\":{\"content\":5}}|text.content|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":[\"x\"]}}|text.content|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"\\ud800\"}}|text.content|INVALID_VALUE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":[]}|at|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"isAtAll\":\"false\"}}|at.isAtAll|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"isAtAll\":0}}|at.isAtAll|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"atUserIds\":\"u1\"}}|at.atUserIds|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"atUserIds\":[\"u1\",2]}}|at.atUserIds[1]|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"atUserIds\":[null]}}|at.atUserIds[0]|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"atMobiles\":[\"\"]}}|at.atMobiles[0]|MISSING_FIELD",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"msgUuid\":7}|msgUuid|WRONG_TYPE",
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"msgUuid\":\"\"}|msgUuid|INVALID_VALUE",
                "{\"msgtype\":\"markdown\",\"markdown\":{\"text\":\"x\"}}|markdown.title|MISSING_FIELD",
                "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\"}}|markdown.text|MISSING_FIELD",
                "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\",\"text\":true}}|markdown.text|WRONG_TYPE",
                "{\"msgtype\":\"markdown\",\"text\":{\"content\":\"x\"}}|markdown|MISSING_FIELD",
                "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\",\"text\":\"x\"},\"at\":{\"atMobiles\":{}}}|at.atMobiles|WRONG_TYPE",
                "{\"msgtype\":\"link\",\"link\":{\"text\":\"x\",\"messageUrl\":\"u\"}}|link.title|MISSING_FIELD",
                "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"messageUrl\":\"u\"}}|link.text|MISSING_FIELD",
                "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\"}}|link.messageUrl|MISSING_FIELD",
                "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\",\"messageURL\":\"u\"}}|link.messageUrl|MISSING_FIELD",
                "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\",\"messageUrl\":\"u\",\"picUrl\":\"\"}}|link.picUrl|INVALID_VALUE",
                "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\",\"messageUrl\":\"u\",\"picUrl\":1}}|link.picUrl|WRONG_TYPE",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"text\":\"x\",\"singleTitle\":\"s\",\"singleURL\":\"u\"}}|actionCard.title|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"singleTitle\":\"s\",\"singleURL\":\"u\"}}|actionCard.text|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\"}}|actionCard.btns|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":[]}}|actionCard.btns|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":{}}}|actionCard.btns|WRONG_TYPE",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"singleTitle\":\"s\"}}|actionCard.singleURL|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"singleURL\":\"u\"}}|actionCard.singleTitle|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":[{\"title\":\"a\"}]}}|actionCard.btns[0].actionURL|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":[{\"title\":\"a\",\"actionURL\":\"u\"},{\"title\":\"b\",\"actionURL\":\"\"}]}}|actionCard.btns[1].actionURL|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":[{\"actionURL\":\"u\"}]}}|actionCard.btns[0].title|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":[{\"title\":\"a\",\"actionUrl\":\"u\"}]}}|actionCard.btns[0].actionURL|MISSING_FIELD",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":[\"a\"]}}|actionCard.btns[0]|WRONG_TYPE",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"singleTitle\":\"s\",\"singleURL\":\"u\",\"btnOrientation\":\"2\"}}|actionCard.btnOrientation|INVALID_VALUE",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"singleTitle\":\"s\",\"singleURL\":\"u\",\"btnOrientation\":0}}|actionCard.btnOrientation|WRONG_TYPE",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"singleTitle\":\"s\",\"singleURL\":\"u\",\"hideAvatar\":\"yes\"}}|actionCard.hideAvatar|INVALID_VALUE",
                "{\"msgtype\":\"actionCard\",\"actioncard\":{\"title\":\"t\"}}|actionCard|MISSING_FIELD",
                "{\"msgtype\":\"feedCard\",\"feedCard\":{}}|feedCard.links|MISSING_FIELD",
                "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[]}}|feedCard.links|MISSING_FIELD",
                "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[1]}}|feedCard.links[0]|WRONG_TYPE",
                "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[{\"title\":\"t\",\"messageURL\":\"u\"}]}}|feedCard.links[0].picURL|MISSING_FIELD",
                "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[{\"title\":\"t\",\"messageUrl\":\"u\",\"picURL\":\"p\"}]}}|feedCard.links[0].messageURL|MISSING_FIELD",
                "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[{\"title\":\"t\",\"messageURL\":\"u\",\"picURL\":\"p\"},{\"messageURL\":\"u\",\"picURL\":\"p\"}]}}|feedCard.links[1].title|MISSING_FIELD"})
        void rejectsWhatDingTalkWouldRejectNamingTheFieldAndTheProblem(String json, String field, Problem problem) {
            assertMalformed(() -> MessageCodec.parse(json), field, problem);
        }

        @Test
        void fiftyAtUserIdsAreFineAndFiftyOneAreNot() {
            String fifty = ids(50);
            assertThat(((TextMessage) MessageCodec.parse("{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"atUserIds\":[" + fifty + "]}}"))
                    .at().atUserIds()).hasSize(50);
            assertMalformed(() -> MessageCodec.parse("{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\",\"text\":\"x\"},\"at\":{\"atUserIds\":[" + ids(51) + "]}}"),
                    "at.atUserIds", Problem.TOO_MANY_AT_USERS);
        }

        private String ids(int n) {
            return String.join(",", IntStream.range(0, n).mapToObj(i -> "\"user" + i + "\"").toList());
        }

        @Test
        void invalidUtf8BytesAreMalformedBody() {
            byte[] body = "{\"msgtype\":\"text\",\"text\":{\"content\":\"XX\"}}".getBytes(StandardCharsets.UTF_8);
            body[36] = (byte) 0xC3; // a lead byte followed by an ASCII byte
            assertMalformed(() -> MessageCodec.parse(body), "body", Problem.NOT_JSON);
        }

        @Test
        void nullInputsAreMalformed() {
            assertMalformed(() -> MessageCodec.parse((String) null), "body", Problem.NOT_JSON);
            assertMalformed(() -> MessageCodec.parse((byte[]) null), "body", Problem.NOT_JSON);
            assertMalformed(() -> MessageCodec.toJson(null), "msgtype", Problem.MISSING_FIELD);
        }

        @Test
        void webhookBodiesMustNotBeEmptyReplies() {
            assertMalformed(() -> MessageCodec.parseWebhookBody("{\"msgtype\":\"empty\"}".getBytes(StandardCharsets.UTF_8)), "msgtype",
                    Problem.UNSUPPORTED_MSGTYPE);
            assertThat(MessageCodec.parseWebhookBody("{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(TextMessage.of("x"));
        }
    }

    @Nested
    class Construction {

        @Test
        void recordsValidateLikeTheParser() {
            assertMalformed(() -> TextMessage.of(null), "text.content", Problem.MISSING_FIELD);
            assertMalformed(() -> TextMessage.of("bad \uDC00"), "text.content", Problem.INVALID_VALUE);
            assertMalformed(() -> MarkdownMessage.of("", "x"), "markdown.title", Problem.MISSING_FIELD);
            assertMalformed(() -> LinkMessage.of("t", "x", null), "link.messageUrl", Problem.MISSING_FIELD);
            assertMalformed(() -> ActionCardMessage.buttons("t", "x"), "actionCard.btns", Problem.MISSING_FIELD);
            assertMalformed(() -> ActionCardMessage.buttons("t", "x", Button.of("a", "u"), null), "actionCard.btns[1]", Problem.MISSING_FIELD);
            assertMalformed(() -> ActionCardMessage.buttons("t", "x", Button.of("a", null)), "actionCard.btns[0].actionURL", Problem.MISSING_FIELD);
            assertMalformed(() -> ActionCardMessage.single("t", "x", "s", null), "actionCard.singleURL", Problem.MISSING_FIELD);
            assertMalformed(() -> FeedCardMessage.of(), "feedCard.links", Problem.MISSING_FIELD);
            assertMalformed(() -> FeedCardMessage.of((List<FeedCardMessage.Link>) null), "feedCard.links");
            assertMalformed(() -> At.userIds("a", null), "at.atUserIds[1]", Problem.MISSING_FIELD);
            assertMalformed(() -> At.userIds(IntStream.range(0, 51).mapToObj(i -> "u" + i).toList()), "at.atUserIds", Problem.TOO_MANY_AT_USERS);
            assertMalformed(() -> TextMessage.of("x").withMsgUuid(""), "msgUuid", Problem.INVALID_VALUE);
        }

        @Test
        void listsAreCopiedAndImmutable() {
            var ids = new java.util.ArrayList<>(List.of("a"));
            At at = At.userIds(ids);
            ids.add("b");
            assertThat(at.atUserIds()).containsExactly("a");
            assertThatThrownBy(() -> at.atUserIds().add("c")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void withMsgUuidKeepsEverythingElse() {
            var card = ActionCardMessage.buttons("t", "x", Orientation.HORIZONTAL, Arrays.asList(Button.of("a", "u"))).withHideAvatar(false);
            var withId = card.withMsgUuid("id-1");
            assertThat(withId.msgUuid()).isEqualTo("id-1");
            assertThat(withId.withMsgUuid(null)).isEqualTo(card);
            assertThat(EmptyMessage.INSTANCE.withMsgUuid("x").msgUuid()).isNull();
        }
    }
}
