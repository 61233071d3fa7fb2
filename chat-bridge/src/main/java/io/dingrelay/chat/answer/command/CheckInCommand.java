package io.dingrelay.chat.answer.command;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.Question;
import io.dingrelay.chat.service.CheckInSummaries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * 打卡 / check-in [text]: records today's check-in of the sender in this group (the free text is the note, e.g.
 * {@code 体温36.5 正常}); a second check-in the same day corrects the first.
 */
@ApplicationScoped
public class CheckInCommand implements Command {

    /** The longest note kept. */
    static final int MAX_NOTE_CHARS = 200;

    private final CheckInSummaries checkIns;

    public CheckInCommand(CheckInSummaries checkIns) {
        this.checkIns = checkIns;
    }

    @Override
    public List<String> names() {
        return List.of("打卡", "check-in", "checkin");
    }

    @Override
    public String usage() {
        return "打卡 [内容] —— 今日打卡，如「打卡 体温36.5 正常」；同一天再打卡会更正";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Uni<Answer> run(Question question, String argument) {
        String note = argument.isBlank() ? "已打卡" : argument.strip();
        if (note.codePointCount(0, note.length()) > MAX_NOTE_CHARS) {
            return Uni.createFrom().item(Answer.text("commands", "打卡内容太长了，请控制在 " + MAX_NOTE_CHARS + " 字以内。"));
        }
        return checkIns.checkIn(question.message().conversationId(), question.senderKey(), question.senderNick(), note,
                question.receivedAt())
                .map(corrections -> Answer.text("commands", corrections == 0
                        ? "打卡成功：" + note
                        : "已更正今天的打卡：" + note));
    }
}
