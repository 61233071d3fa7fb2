package io.dingrelay.protocol.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.json.Json;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and strictly reads DingTalk's webhook message JSON (§3.4).
 *
 * <p>Writing: field names exactly as DingTalk spells them ({@code messageUrl} on link but
 * {@code messageURL} on feedCard), a fixed field order, nulls and empty @-lists omitted, UTF-8 with
 * non-ASCII left unescaped — {@code \\uXXXX} would double the bytes of Chinese text against the
 * 20,000-byte limit.
 *
 * <p>Reading is strict, because the simulator uses it to reject what DingTalk would reject: a body
 * that is not one JSON object, a missing or unknown {@code msgtype}, a missing type object or required
 * field, a value of the wrong JSON type (strings must be strings, {@code isAtAll} a boolean), more than
 * 50 {@code atUserIds}, a button without a URL. Unknown extra fields are ignored, as DingTalk does, and
 * so is {@code at} on types that cannot @. Every rejection is a {@link MalformedMessageException}
 * naming the JSON path.
 */
public final class MessageCodec {

    private MessageCodec() {
    }

    /** The UTF-8 JSON body, ready to POST. */
    public static byte[] toJsonBytes(RobotMessage message) {
        return Json.writeBytes(toTree(message));
    }

    public static String toJson(RobotMessage message) {
        return Json.write(toTree(message));
    }

    private static ObjectNode toTree(RobotMessage message) {
        if (message == null) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, "msgtype", "message is missing");
        }
        ObjectNode root = Json.object();
        root.put("msgtype", message.msgtype());
        if (message instanceof TextMessage m) {
            root.putObject("text").put("content", m.content());
            writeAt(root, m.at());
        } else if (message instanceof MarkdownMessage m) {
            root.putObject("markdown").put("title", m.title()).put("text", m.text());
            writeAt(root, m.at());
        } else if (message instanceof LinkMessage m) {
            ObjectNode link = root.putObject("link").put("title", m.title()).put("text", m.text()).put("messageUrl", m.messageUrl());
            putIfPresent(link, "picUrl", m.picUrl());
        } else if (message instanceof ActionCardMessage m) {
            ObjectNode card = root.putObject("actionCard").put("title", m.title()).put("text", m.text());
            putIfPresent(card, "singleTitle", m.singleTitle());
            putIfPresent(card, "singleURL", m.singleURL());
            if (m.btnOrientation() != null) {
                card.put("btnOrientation", m.btnOrientation().wire());
            }
            if (m.hideAvatar() != null) {
                card.put("hideAvatar", m.hideAvatar() ? "1" : "0");
            }
            if (!m.btns().isEmpty()) {
                ArrayNode btns = card.putArray("btns");
                m.btns().forEach(b -> btns.addObject().put("title", b.title()).put("actionURL", b.actionURL()));
            }
        } else if (message instanceof FeedCardMessage m) {
            ArrayNode links = root.putObject("feedCard").putArray("links");
            m.links().forEach(l -> links.addObject().put("title", l.title()).put("messageURL", l.messageURL()).put("picURL", l.picURL()));
        }
        putIfPresent(root, "msgUuid", message.msgUuid());
        return root;
    }

    private static void writeAt(ObjectNode root, At at) {
        if (at == null) {
            return;
        }
        ObjectNode node = root.putObject("at");
        if (!at.atMobiles().isEmpty()) {
            at.atMobiles().forEach(node.putArray("atMobiles")::add);
        }
        if (!at.atUserIds().isEmpty()) {
            at.atUserIds().forEach(node.putArray("atUserIds")::add);
        }
        node.put("isAtAll", at.isAtAll());
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    /** Strictly parses a message; see the class description. */
    public static RobotMessage parse(String json) {
        return fromTree(Json.readObject(json, Json.BODY));
    }

    /** Strictly parses a UTF-8 body; bytes that are not valid UTF-8 are rejected naming {@code body}. */
    public static RobotMessage parse(byte[] json) {
        return fromTree(Json.readObject(json, Json.BODY));
    }

    /**
     * What the simulator's webhook endpoint does with a request body: the size check first (DingTalk
     * answers 460101 before looking inside), then the strict parse, then rejecting {@code empty}, which
     * is only a synchronous callback reply.
     *
     * @throws MessageTooLargeException  over {@code 20,000} bytes
     * @throws MalformedMessageException otherwise invalid, naming the field
     */
    public static RobotMessage parseWebhookBody(byte[] body) {
        BodySize.check(body);
        RobotMessage m = parse(body);
        if (m instanceof EmptyMessage) {
            throw new MalformedMessageException(Problem.UNSUPPORTED_MSGTYPE, "msgtype", "'empty' is only valid as a synchronous callback reply");
        }
        return m;
    }

    private static RobotMessage fromTree(ObjectNode o) {
        String msgtype = readMsgtype(o);
        String msgUuid = Json.optText(o, "msgUuid", "msgUuid");
        switch (msgtype) {
            case TextMessage.MSGTYPE: {
                ObjectNode text = Json.reqObject(o, "text", "text");
                return new TextMessage(Json.optText(text, "content", "text.content"), readAt(o), msgUuid);
            }
            case MarkdownMessage.MSGTYPE: {
                ObjectNode md = Json.reqObject(o, "markdown", "markdown");
                return new MarkdownMessage(Json.optText(md, "title", "markdown.title"), Json.optText(md, "text", "markdown.text"),
                        readAt(o), msgUuid);
            }
            case LinkMessage.MSGTYPE: {
                ObjectNode link = Json.reqObject(o, "link", "link");
                return new LinkMessage(Json.optText(link, "title", "link.title"), Json.optText(link, "text", "link.text"),
                        Json.optText(link, "messageUrl", "link.messageUrl"), Json.optText(link, "picUrl", "link.picUrl"), msgUuid);
            }
            case ActionCardMessage.MSGTYPE:
                return readActionCard(Json.reqObject(o, "actionCard", "actionCard"), msgUuid);
            case FeedCardMessage.MSGTYPE:
                return readFeedCard(Json.reqObject(o, "feedCard", "feedCard"), msgUuid);
            case EmptyMessage.MSGTYPE:
                return EmptyMessage.INSTANCE;
            default:
                throw new MalformedMessageException(Problem.UNSUPPORTED_MSGTYPE, "msgtype", "is not one of text, markdown, link, actionCard, feedCard, empty");
        }
    }

    /**
     * {@code msgtype}: absent, null or empty is a missing field; anything else that is not one of the names
     * below (a number, an unknown or malformed name) is an unsupported type, which DingTalk answers
     * differently (400105) from a body it cannot use at all (40035).
     */
    private static String readMsgtype(ObjectNode o) {
        JsonNode n = Json.opt(o, "msgtype");
        if (n == null || n.isTextual() && n.textValue().isEmpty()) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, "msgtype", "is required");
        }
        if (!n.isTextual()) {
            throw new MalformedMessageException(Problem.UNSUPPORTED_MSGTYPE, "msgtype", "must be a message type name, was a " + Json.kind(n));
        }
        // Not checked for unpaired surrogates: such a name matches no case below and is reported as unsupported.
        return n.textValue();
    }

    private static At readAt(ObjectNode root) {
        ObjectNode at = Json.optObject(root, "at", "at");
        if (at == null) {
            return null;
        }
        Boolean all = Json.optBoolean(at, "isAtAll", "at.isAtAll");
        return new At(readStrings(at, "atMobiles", "at.atMobiles"), readStrings(at, "atUserIds", "at.atUserIds"), all != null && all);
    }

    private static List<String> readStrings(ObjectNode parent, String name, String path) {
        JsonNode array = Json.optArray(parent, name, path);
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode v = array.get(i);
            if (!v.isTextual()) {
                throw new MalformedMessageException(Problem.WRONG_TYPE, path + "[" + i + "]", "must be a string, was a " + Json.kind(v));
            }
            out.add(v.textValue());
        }
        return out;
    }

    private static ActionCardMessage readActionCard(ObjectNode card, String msgUuid) {
        String orientationWire = Json.optText(card, "btnOrientation", "actionCard.btnOrientation");
        ActionCardMessage.Orientation orientation = null;
        if (orientationWire != null) {
            orientation = ActionCardMessage.Orientation.fromWire(orientationWire);
            if (orientation == null) {
                throw new MalformedMessageException(Problem.INVALID_VALUE, "actionCard.btnOrientation", "must be \"0\" or \"1\"");
            }
        }
        String hide = Json.optText(card, "hideAvatar", "actionCard.hideAvatar");
        if (hide != null && !hide.equals("0") && !hide.equals("1")) {
            throw new MalformedMessageException(Problem.INVALID_VALUE, "actionCard.hideAvatar", "must be \"0\" or \"1\"");
        }
        List<ActionCardMessage.Button> btns = new ArrayList<>();
        JsonNode array = Json.optArray(card, "btns", "actionCard.btns");
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                String p = "actionCard.btns[" + i + "]";
                JsonNode b = array.get(i);
                if (!b.isObject()) {
                    throw new MalformedMessageException(Problem.WRONG_TYPE, p, "must be an object, was a " + Json.kind(b));
                }
                btns.add(new ActionCardMessage.Button(Json.optText(b, "title", p + ".title"), Json.optText(b, "actionURL", p + ".actionURL")));
            }
        }
        return new ActionCardMessage(
                Json.optText(card, "title", "actionCard.title"),
                Json.optText(card, "text", "actionCard.text"),
                Json.optText(card, "singleTitle", "actionCard.singleTitle"),
                Json.optText(card, "singleURL", "actionCard.singleURL"),
                btns, orientation, hide == null ? null : hide.equals("1"), msgUuid);
    }

    private static FeedCardMessage readFeedCard(ObjectNode feed, String msgUuid) {
        List<FeedCardMessage.Link> links = new ArrayList<>();
        JsonNode array = Json.optArray(feed, "links", "feedCard.links");
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                String p = "feedCard.links[" + i + "]";
                JsonNode l = array.get(i);
                if (!l.isObject()) {
                    throw new MalformedMessageException(Problem.WRONG_TYPE, p, "must be an object, was a " + Json.kind(l));
                }
                links.add(new FeedCardMessage.Link(Json.optText(l, "title", p + ".title"), Json.optText(l, "messageURL", p + ".messageURL"),
                        Json.optText(l, "picURL", p + ".picURL")));
            }
        }
        return new FeedCardMessage(links, msgUuid);
    }
}
