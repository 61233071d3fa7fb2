package io.dingrelay.console.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The campaign form's boxes, both ways: from what the operator typed to push-dispatcher's campaign body, and from a
 * stored campaign back to the boxes (editing). The form writes markdown and action-card messages; a campaign with
 * another msgtype keeps its message when edited here (only name, audience and schedule change).
 */
final class CampaignForm {

    static final List<String> FIELDS = List.of("name", "msgtype", "title", "text", "buttonTitle", "buttonUrl", "tags",
            "cron", "zone", "stagger", "grace");

    private CampaignForm() {
    }

    static Map<String, String> typed(Map<String, String> raw) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String f : FIELDS) {
            form.put(f, GroupsPage.nz(raw.get(f)).strip());
        }
        if (form.get("msgtype").isEmpty()) {
            form.put("msgtype", "markdown");
        }
        // Browsers submit textarea lines with CRLF; DingTalk's markdown is written with LF.
        form.put("text", GroupsPage.nz(raw.get("text")).replace("\r\n", "\n"));
        return form;
    }

    static boolean editableMessage(String msgtype) {
        return "markdown".equals(msgtype) || "actionCard".equals(msgtype);
    }

    static Map<String, Object> message(Map<String, String> form) {
        Map<String, Object> message = new LinkedHashMap<>();
        if ("actionCard".equals(form.get("msgtype"))) {
            message.put("msgtype", "actionCard");
            message.put("actionCard", Map.of("title", form.get("title"), "text", form.get("text"),
                    "singleTitle", form.get("buttonTitle"), "singleURL", form.get("buttonUrl")));
        } else {
            message.put("msgtype", "markdown");
            message.put("markdown", Map.of("title", form.get("title"), "text", form.get("text")));
        }
        return message;
    }

    static List<String> tags(Map<String, String> form) {
        return Arrays.stream(form.get("tags").split("[,，\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    static Map<String, Object> schedule(Map<String, String> form) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("cron", form.get("cron"));
        s.put("zone", form.get("zone").isBlank() ? "Asia/Shanghai" : form.get("zone"));
        if (!form.get("stagger").isBlank()) {
            s.put("stagger", form.get("stagger"));
        }
        if (!form.get("grace").isBlank()) {
            s.put("grace", form.get("grace"));
        }
        return s;
    }

    /** A stored campaign (push-dispatcher's view) in the form's boxes. */
    @SuppressWarnings("unchecked")
    static Map<String, String> of(Map<String, Object> c) {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("name", str(c.get("name")));
        Map<String, Object> message = c.get("message") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String msgtype = str(message.get("msgtype"));
        raw.put("msgtype", msgtype);
        Map<String, Object> body = message.get(msgtype) instanceof Map<?, ?> b ? (Map<String, Object>) b : Map.of();
        raw.put("title", str(body.get("title")));
        raw.put("text", str(body.get("text")));
        raw.put("buttonTitle", str(body.get("singleTitle")));
        raw.put("buttonUrl", str(body.get("singleURL")));
        Map<String, Object> audience = c.get("audience") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
        raw.put("tags", audience.get("tags") instanceof List<?> l ? String.join(", ", l.stream().map(Object::toString).toList()) : "");
        Map<String, Object> schedule = c.get("schedule") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
        raw.put("cron", str(schedule.get("cron")));
        raw.put("zone", schedule.isEmpty() ? str(c.get("zone")) : str(schedule.get("zone")));
        raw.put("stagger", str(schedule.get("stagger")));
        raw.put("grace", str(schedule.get("grace")));
        Map<String, String> form = typed(raw);
        form.put("msgtype", msgtype);
        return form;
    }

    /** The dispatcher's field path → the form box it came from. */
    static String field(String field) {
        if (field == null) {
            return "form";
        }
        if (field.startsWith("schedule.cron")) {
            return "cron";
        }
        if (field.startsWith("schedule.zone") || field.equals("zone")) {
            return "zone";
        }
        if (field.startsWith("schedule.stagger")) {
            return "stagger";
        }
        if (field.startsWith("schedule.grace")) {
            return "grace";
        }
        if (field.startsWith("audience")) {
            return "tags";
        }
        if (field.endsWith(".title") && field.startsWith("message")) {
            return "title";
        }
        if (field.startsWith("message")) {
            return "text";
        }
        return field.equals("name") ? "name" : "form";
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
