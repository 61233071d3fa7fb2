package io.dingrelay.dispatcher.service;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A campaign message with {@code {{variable}}} placeholders in any of its strings, compiled once per run and
 * rendered per group by concatenation (a run renders it hundreds of thousands of times).
 *
 * <p>Variables: {@code group.title}, {@code group.id}; {@code date} ({@code 2026-12-01}), {@code time}
 * ({@code 09:00}), {@code datetime} ({@code 2026-12-01 09:00}) of the run's fire time in the campaign's zone;
 * {@code dashboard.url} (only with a dashboard); {@code vars.<key>} for every key of the campaign's {@code vars}
 * (strings and numbers); {@code checkInSummary}, the group's check-in summary (chat-bridge's {@code text}, fetched per
 * group at send time). Anything else is refused when the campaign is created, naming the field.
 */
public final class MessageTemplate {

    /** {@code {{ name }}} with optional spaces; names are dotted identifiers. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*}}");

    public static final String GROUP_TITLE = "group.title";
    public static final String GROUP_ID = "group.id";
    public static final String DASHBOARD_URL = "dashboard.url";
    /** The group's check-in summary from chat-bridge, fetched at send time (per group). */
    public static final String CHECK_IN_SUMMARY = "checkInSummary";
    public static final String VARS = "vars.";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * Literal JSON text and per-group variables, alternating: even indexes literal, odd indexes GROUP_TITLE, GROUP_ID
     * or CHECK_IN_SUMMARY.
     */
    private final List<String> parts;
    private final boolean usesCheckInSummary;

    private MessageTemplate(List<String> parts) {
        this.parts = parts;
        this.usesCheckInSummary = parts.contains(CHECK_IN_SUMMARY);
    }

    /** Whether rendering needs the group's check-in summary (then, and only then, the sender asks chat-bridge). */
    public boolean usesCheckInSummary() {
        return usesCheckInSummary;
    }

    /**
     * The variables a template uses that do not exist, each with the JSON path of its string ({@code markdown.text}).
     *
     * @param hasDashboard whether {@code dashboard.url} exists
     */
    public static Map<String, String> unknownVariables(ObjectNode template, JsonNode vars, boolean hasDashboard) {
        Map<String, String> unknown = new LinkedHashMap<>();
        walk(template, "", (path, text) -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                if (!isKnown(name, vars, hasDashboard)) {
                    unknown.putIfAbsent(name, path);
                }
            }
        });
        return unknown;
    }

    private static boolean isKnown(String name, JsonNode vars, boolean hasDashboard) {
        return switch (name) {
            case GROUP_TITLE, GROUP_ID, CHECK_IN_SUMMARY, "date", "time", "datetime" -> true;
            case DASHBOARD_URL -> hasDashboard;
            default -> name.startsWith(VARS) && vars != null && vars.has(name.substring(VARS.length()))
                    && vars.get(name.substring(VARS.length())).isValueNode() && !vars.get(name.substring(VARS.length())).isNull();
        };
    }

    /** A markdown image of the dashboard: {@code ![alt]({{dashboard.url}})}. */
    private static final Pattern DASHBOARD_IMAGE = Pattern.compile("!\\[([^\\]]*)]\\(\\s*\\{\\{\\s*dashboard\\.url\\s*}}\\s*\\)");

    /** The link text of a dashboard image sent without its image when the image had no alt text. */
    public static final String DASHBOARD_LINK_TEXT = "查看图表";

    /**
     * The template for a run whose dashboard image is not there (pre-render policy: send without the image, never
     * hold the run): every markdown image {@code ![alt]({{dashboard.url}})} becomes the link
     * {@code [alt]({{dashboard.url}})} ({@value #DASHBOARD_LINK_TEXT} without alt text), and the run renders
     * {@code {{dashboard.url}}} as the dashboard's page.
     */
    public static ObjectNode withoutDashboardImage(ObjectNode template) {
        ObjectNode copy = template.deepCopy();
        replaceTexts(copy, text -> {
            Matcher m = DASHBOARD_IMAGE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String alt = m.group(1).isBlank() ? DASHBOARD_LINK_TEXT : m.group(1);
                m.appendReplacement(out, Matcher.quoteReplacement("[" + alt + "]({{" + DASHBOARD_URL + "}})"));
            }
            m.appendTail(out);
            return out.toString();
        });
        return copy;
    }

    private static void replaceTexts(JsonNode node, java.util.function.UnaryOperator<String> change) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                if (v.isTextual()) {
                    o.put(name, change.apply(v.textValue()));
                } else {
                    replaceTexts(v, change);
                }
            }
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, a.textNode(change.apply(a.get(i).textValue())));
                } else {
                    replaceTexts(a.get(i), change);
                }
            }
        }
    }

    /**
     * Compiles a template whose variables are all known ({@link #unknownVariables} empty): the run's constants are
     * substituted now, the group's at {@link #render}. Any {@code msgUuid} in the template is dropped: each delivery
     * gets its own.
     */
    public static MessageTemplate compile(JsonNode template, JsonNode vars, String zone, Instant firedAt, String dashboardUrl) {
        if (!(template instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a message template is a JSON object");
        }
        ObjectNode copy = object.deepCopy();
        copy.remove("msgUuid");
        var at = firedAt.atZone(ZoneId.of(zone));
        Map<String, String> constants = new LinkedHashMap<>();
        constants.put("date", DATE.format(at));
        constants.put("time", TIME.format(at));
        constants.put("datetime", DATETIME.format(at));
        if (dashboardUrl != null) {
            constants.put(DASHBOARD_URL, dashboardUrl);
        }
        if (vars != null) {
            vars.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    constants.put(VARS + e.getKey(), e.getValue().asText());
                }
            });
        }
        String json = EventJson.write(copy);
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(json);
        int last = 0;
        while (m.find()) {
            literal.append(json, last, m.start());
            String name = m.group(1);
            if (name.equals(GROUP_TITLE) || name.equals(GROUP_ID) || name.equals(CHECK_IN_SUMMARY)) {
                parts.add(literal.toString());
                parts.add(name);
                literal.setLength(0);
            } else {
                String value = constants.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("unknown template variable " + name);
                }
                literal.append(escape(value));
            }
            last = m.end();
        }
        literal.append(json.substring(last));
        parts.add(literal.toString());
        return new MessageTemplate(parts);
    }

    /** The message JSON for one group, with {@code msgUuid} first when given, for a template without {@code checkInSummary}. */
    public String render(String groupId, String groupTitle, String msgUuid) {
        return render(groupId, groupTitle, msgUuid, "");
    }

    /** The message JSON for one group, with {@code msgUuid} first when given. */
    public String render(String groupId, String groupTitle, String msgUuid, String checkInSummary) {
        StringBuilder out = new StringBuilder(256);
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (i % 2 == 0) {
                if (i == 0 && msgUuid != null) {
                    // parts.get(0) starts with the template's "{": put the delivery's id right after it.
                    out.append('{').append("\"msgUuid\":\"").append(escape(msgUuid)).append("\",").append(p, 1, p.length());
                } else {
                    out.append(p);
                }
            } else {
                String value = switch (p) {
                    case GROUP_TITLE -> groupTitle == null ? "" : groupTitle;
                    case GROUP_ID -> groupId;
                    default -> checkInSummary == null ? "" : checkInSummary;
                };
                out.append(escape(value));
            }
        }
        return out.toString();
    }

    private static String escape(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }

    private interface TextVisitor {
        void visit(String path, String text);
    }

    private static void walk(JsonNode node, String path, TextVisitor visitor) {
        if (node.isTextual()) {
            visitor.visit(path, node.textValue());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visitor);
            }
        }
    }
}
