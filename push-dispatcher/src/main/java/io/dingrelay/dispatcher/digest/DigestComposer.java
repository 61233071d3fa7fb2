package io.dingrelay.dispatcher.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.protocol.DingTalkLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges one group's pending messages, in the order given (their fire times), into markdown digests, each a webhook
 * body within DingTalk's {@value DingTalkLimits#WEBHOOK_BODY_MAX_BYTES} bytes: as many messages per digest as fit,
 * the rest in the next. Every message appears exactly once, whole: a part that holds a single message is that message
 * as it was rendered (with its own msgUuid), never a digest of one, so nothing is ever cut.
 *
 * <p>What a message shows in a digest: its fire time, then markdown's title and text, text's content, a link's title
 * (as a link) and text, an actionCard's title, text and buttons (as links), a feedCard's links. The {@code at} of all
 * merged messages is united (mobiles, user ids, at-all), so whoever an alert called still is.
 */
public final class DigestComposer {

    /** Kept back from the size limit for the digest's msgUuid and JSON punctuation added after measuring. */
    static final int RESERVE = 400;
    static final String SEPARATOR = "\n\n---\n\n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final int maxBytes;

    public DigestComposer() {
        this(DingTalkLimits.WEBHOOK_BODY_MAX_BYTES);
    }

    /** With another size limit (tests of the split). */
    public DigestComposer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * One pending message.
     *
     * @param key     the caller's name for it (its run), handed back in {@link Part#items}
     * @param body    its webhook body as rendered for this group (with or without msgUuid)
     * @param firedAt its run's fire time
     * @param zone    the campaign's zone, the time is shown in
     */
    public record Item(String key, ObjectNode body, Instant firedAt, String zone) {
    }

    /**
     * One message to send.
     *
     * @param items  the messages it carries, in order
     * @param digest true: {@link #body} is a digest of {@code items}; false: {@code items} is one message, {@code body} is it
     */
    public record Part(List<Item> items, ObjectNode body, boolean digest) {
    }

    public List<Part> compose(List<Item> items) {
        List<Part> parts = new ArrayList<>();
        List<Item> current = new ArrayList<>();
        for (Item item : items) {
            current.add(item);
            if (current.size() > 1 && size(digestOf(current)) > maxBytes - RESERVE) {
                current.remove(current.size() - 1);
                parts.add(part(current));
                current = new ArrayList<>();
                current.add(item);
            }
        }
        if (!current.isEmpty()) {
            parts.add(part(current));
        }
        return parts;
    }

    private Part part(List<Item> items) {
        if (items.size() == 1) {
            return new Part(List.copyOf(items), items.get(0).body(), false);
        }
        return new Part(List.copyOf(items), digestOf(items), true);
    }

    static ObjectNode digestOf(List<Item> items) {
        ZoneId zone = ZoneId.of(items.get(0).zone());
        StringBuilder text = new StringBuilder();
        text.append("#### 消息汇总：").append(items.size()).append(" 条（")
                .append(DATETIME.format(items.get(0).firedAt().atZone(zone))).append(" – ")
                .append(TIME.format(items.get(items.size() - 1).firedAt().atZone(ZoneId.of(items.get(items.size() - 1).zone()))))
                .append("）");
        Set<String> mobiles = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        boolean atAll = false;
        for (Item item : items) {
            text.append(SEPARATOR).append("**").append(TIME.format(item.firedAt().atZone(ZoneId.of(item.zone())))).append("** ");
            shown(item.body(), text);
            JsonNode at = item.body().path("at");
            at.path("atMobiles").forEach(m -> mobiles.add(m.asText()));
            at.path("atUserIds").forEach(u -> users.add(u.asText()));
            atAll |= at.path("isAtAll").asBoolean(false);
        }
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("msgtype", "markdown");
        ObjectNode md = body.putObject("markdown");
        md.put("title", "消息汇总 " + items.size() + " 条");
        md.put("text", text.toString());
        if (!mobiles.isEmpty() || !users.isEmpty() || atAll) {
            ObjectNode at = body.putObject("at");
            if (!mobiles.isEmpty()) {
                ArrayNode a = at.putArray("atMobiles");
                mobiles.forEach(a::add);
            }
            if (!users.isEmpty()) {
                ArrayNode a = at.putArray("atUserIds");
                users.forEach(a::add);
            }
            if (atAll) {
                at.put("isAtAll", true);
            }
        }
        return body;
    }

    /** What one message shows in a digest, per msgtype. */
    static void shown(ObjectNode body, StringBuilder out) {
        String type = body.path("msgtype").asText();
        JsonNode m = body.path(type);
        switch (type) {
            case "text" -> out.append("\n\n").append(m.path("content").asText());
            case "markdown" -> out.append(m.path("title").asText()).append("\n\n").append(m.path("text").asText());
            case "link" -> out.append('[').append(m.path("title").asText()).append("](").append(m.path("messageUrl").asText()).append(")\n\n")
                    .append(m.path("text").asText());
            case "actionCard" -> {
                out.append(m.path("title").asText()).append("\n\n").append(m.path("text").asText());
                if (m.hasNonNull("singleTitle")) {
                    out.append("\n\n[").append(m.path("singleTitle").asText()).append("](").append(m.path("singleURL").asText()).append(')');
                }
                m.path("btns").forEach(b -> out.append("\n\n[").append(b.path("title").asText()).append("](")
                        .append(b.path("actionURL").asText()).append(')'));
            }
            case "feedCard" -> m.path("links").forEach(l -> out.append("\n\n[").append(l.path("title").asText()).append("](")
                    .append(l.path("messageURL").asText()).append(')'));
            default -> out.append("\n\n").append(m.toString());
        }
    }

    static int size(ObjectNode body) {
        return EventJson.write(body).getBytes(StandardCharsets.UTF_8).length;
    }
}
