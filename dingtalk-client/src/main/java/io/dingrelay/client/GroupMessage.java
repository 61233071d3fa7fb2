package io.dingrelay.client;

import io.dingrelay.protocol.message.OpenApiTemplate;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code POST /v1.0/robot/groupMessages/send} (dingtalk-protocol.md §5.2): a template ({@code msgKey}) and its
 * parameters ({@code msgParam}, a JSON object encoded as a string) for one group conversation.
 *
 * @param robotCode          the robot; for an internal app's robot the appKey
 * @param openConversationId the group ({@code cid…})
 * @param coolAppCode        required when the robot came with a group cool app, else null
 * @param msgKey             the template, as {@link OpenApiTemplate#msgKey()}
 * @param msgParam           the template's parameters, as {@link OpenApiTemplate#toMsgParam} builds them
 */
public record GroupMessage(String robotCode, String openConversationId, String coolAppCode, String msgKey, String msgParam) {

    public GroupMessage {
        Objects.requireNonNull(robotCode, "robotCode");
        Objects.requireNonNull(openConversationId, "openConversationId");
        Objects.requireNonNull(msgKey, "msgKey");
        Objects.requireNonNull(msgParam, "msgParam");
    }

    /**
     * The message for {@code template} filled with {@code values}, checked by the protocol library (every required
     * field present, at most 15,000 bytes).
     *
     * @throws io.dingrelay.protocol.DingTalkProtocolException naming the missing or invalid field
     */
    public static GroupMessage of(String robotCode, String openConversationId, String coolAppCode, OpenApiTemplate template,
                                  Map<String, String> values) {
        return new GroupMessage(robotCode, openConversationId, coolAppCode, template.msgKey(), template.toMsgParam(values));
    }
}
