package io.dingrelay.chat.service;

import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.chat.persistence.CheckIns;
import io.dingrelay.events.ids.ConversationId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Check-ins and their summary per group and day: recorded by 打卡, shown by 打卡统计, and served to campaigns by
 * {@code GET /api/check-ins/summary}.
 */
@ApplicationScoped
public class CheckInSummaries {

    /** At or above this body temperature (°C) a check-in counts as abnormal. */
    static final double FEVER = 37.3;
    private static final Pattern TEMPERATURE = Pattern.compile("(?:体温|temp(?:erature)?)\\s*[:：]?\\s*(\\d{2}(?:\\.\\d{1,2})?)",
            Pattern.CASE_INSENSITIVE);
    /** The longest list 打卡统计 shows; the rest is counted. */
    static final int MAX_LISTED = 20;

    private final CheckIns checkIns;
    private final ZoneId zone;

    public CheckInSummaries(CheckIns checkIns, ChatBridgeConfig config) {
        this.checkIns = checkIns;
        this.zone = config.checkInZone();
    }

    /** One user's check-in in a summary. */
    public record Entry(String userId, String nick, String note, Instant at, boolean abnormal, int corrections) {
    }

    /**
     * A group's check-ins of one day.
     *
     * @param text the summary as one message, ready for a campaign template ({@code {{checkInSummary}}})
     */
    public record Summary(String conversationId, LocalDate day, int checkedIn, int abnormal, Instant lastCheckInAt,
            List<Entry> entries, String text) {
    }

    public LocalDate today(Instant now) {
        return now.atZone(zone).toLocalDate();
    }

    /** Records (or corrects) today's check-in; returns how many corrections this one makes (0: the first). */
    public Uni<Integer> checkIn(ConversationId conversation, String userId, String nick, String note, Instant now) {
        return checkIns.record(conversation, today(now), userId, nick, note, now);
    }

    public Uni<Summary> summary(ConversationId conversation, LocalDate day) {
        return checkIns.ofDay(conversation, day).map(rows -> {
            List<Entry> entries = rows.stream()
                    .map(r -> new Entry(r.userId(), r.nick(), r.note(), r.at(), abnormal(r.note()), r.corrections()))
                    .toList();
            int abnormal = (int) entries.stream().filter(Entry::abnormal).count();
            Instant last = entries.stream().map(Entry::at).max(Instant::compareTo).orElse(null);
            return new Summary(conversation.value(), day, entries.size(), abnormal, last, entries,
                    text(day, entries, abnormal));
        });
    }

    /** The summary of the latest day this group checked in, empty if it never did. */
    public Uni<Optional<Summary>> latest(ConversationId conversation) {
        return checkIns.latestDay(conversation).chain(day -> day.isEmpty()
                ? Uni.createFrom().item(Optional.<Summary>empty())
                : summary(conversation, day.get()).map(Optional::of));
    }

    /** Abnormal: the note says 异常/发烧/发热, or names a temperature of {@value #FEVER} °C or more. */
    static boolean abnormal(String note) {
        if (note.contains("异常") || note.contains("发烧") || note.contains("发热")) {
            return true;
        }
        Matcher m = TEMPERATURE.matcher(note);
        return m.find() && Double.parseDouble(m.group(1)) >= FEVER;
    }

    static String text(LocalDate day, List<Entry> entries, int abnormal) {
        String date = day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
        if (entries.isEmpty()) {
            return date + "还没有人打卡。发送「打卡 体温36.5 正常」即可打卡。";
        }
        StringBuilder out = new StringBuilder(date).append("打卡 ").append(entries.size()).append(" 人");
        out.append(abnormal == 0 ? "，全部正常" : "，其中异常 " + abnormal + " 人").append("：");
        int listed = 0;
        for (Entry e : entries) {
            if (listed++ == MAX_LISTED) {
                out.append("\n…另有 ").append(entries.size() - MAX_LISTED).append(" 人");
                break;
            }
            out.append("\n· ").append(e.nick().isBlank() ? e.userId() : e.nick()).append(" ").append(e.note());
            if (e.abnormal()) {
                out.append(" ⚠");
            }
        }
        return out.toString();
    }
}
