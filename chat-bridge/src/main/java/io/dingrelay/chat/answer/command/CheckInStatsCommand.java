package io.dingrelay.chat.answer.command;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.Question;
import io.dingrelay.chat.service.CheckInSummaries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** 打卡统计 / check-in-stats: today's check-ins of this group. */
@ApplicationScoped
public class CheckInStatsCommand implements Command {

    private final CheckInSummaries checkIns;

    public CheckInStatsCommand(CheckInSummaries checkIns) {
        this.checkIns = checkIns;
    }

    @Override
    public List<String> names() {
        return List.of("打卡统计", "check-in-stats", "stats");
    }

    @Override
    public String usage() {
        return "打卡统计 —— 本群今天的打卡情况";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Uni<Answer> run(Question question, String argument) {
        return checkIns.summary(question.message().conversationId(), checkIns.today(question.receivedAt()))
                .map(summary -> Answer.text("commands", summary.text()));
    }
}
