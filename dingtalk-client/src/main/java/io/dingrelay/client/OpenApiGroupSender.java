package io.dingrelay.client;

import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.message.OpenApiTemplate;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Sends to a group through the robot OpenAPI, {@code POST /v1.0/robot/groupMessages/send} (dingtalk-protocol.md §5.2),
 * for enterprise robots and cool apps: the app's access token (from the {@link AccessTokenCache}) goes in the
 * {@code x-acs-dingtalk-access-token} header, the message is a template key and its parameters.
 *
 * <p>A 401 {@code InvalidAuthentication} (the token was revoked, or expired before we thought) drops the cached
 * token and the send is made once more with a new one; a second 401 is the answer. The OpenAPI has no
 * {@code msgUuid}: de-duplication of group sends is the caller's ledger.
 */
public final class OpenApiGroupSender {

    static final String SEND_PATH = "/v1.0/robot/groupMessages/send";
    static final String TOKEN_HEADER = "x-acs-dingtalk-access-token";

    private final JsonPoster poster;
    private final AccessTokenCache tokens;
    private final String sendUrl;

    OpenApiGroupSender(JsonPoster poster, AccessTokenCache tokens, String apiBaseUrl) {
        this.poster = poster;
        this.tokens = tokens;
        this.sendUrl = apiBaseUrl + SEND_PATH;
    }

    /** Never fails: DingTalk's answer, a token refusal or a transport failure comes back as a {@link Classification}. */
    public Uni<Classification> send(AppCredentials app, GroupMessage message) {
        return Uni.createFrom().deferred(() -> {
            if (OpenApiTemplate.byMsgKey(message.msgKey()).isEmpty()) {
                return Uni.createFrom().item(poster.classifier().classify(400, "application/json",
                        DingTalkErrcode.INVALID_PARAMETER.body("msgKey", "unknown msgKey", null)));
            }
            Buffer body = Buffer.buffer(encode(message));
            return attempt(app, body, true);
        });
    }

    private Uni<Classification> attempt(AppCredentials app, Buffer body, boolean mayRenewToken) {
        return tokens.token(app)
                .chain(token -> poster.post(sendUrl, body, TOKEN_HEADER, token)
                        .map(poster::classify)
                        .chain(answer -> {
                            if (mayRenewToken && isInvalidToken(answer)) {
                                tokens.invalidate(app, token);
                                return attempt(app, body, false);
                            }
                            return Uni.createFrom().item(answer);
                        }))
                .onFailure(AccessTokenException.class).recoverWithItem(e -> ((AccessTokenException) e).classification())
                .onFailure().recoverWithItem(poster.classifier()::classifyFailure);
    }

    private static boolean isInvalidToken(Classification answer) {
        return DingTalkErrcode.INVALID_AUTHENTICATION.code().equals(answer.code());
    }

    private static String encode(GroupMessage m) {
        JsonObject json = new JsonObject()
                .put("robotCode", m.robotCode())
                .put("openConversationId", m.openConversationId())
                .put("msgKey", m.msgKey())
                .put("msgParam", m.msgParam());
        if (m.coolAppCode() != null) {
            json.put("coolAppCode", m.coolAppCode());
        }
        return json.encode();
    }
}
