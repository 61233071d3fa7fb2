package io.dingrelay.chat.answer.command;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.Question;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Comparator;
import java.util.List;

/** 帮助 / help: what the robot can do. */
@ApplicationScoped
public class HelpCommand implements Command {

    private final Instance<Command> commands;
    private final boolean faq;

    public HelpCommand(Instance<Command> commands, ChatBridgeConfig config) {
        this.commands = commands;
        this.faq = config.answerers().faqEnabled();
    }

    @Override
    public List<String> names() {
        return List.of("帮助", "help", "?", "？");
    }

    @Override
    public String usage() {
        return "帮助 —— 显示本说明";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public Uni<Answer> run(Question question, String argument) {
        StringBuilder text = new StringBuilder("我是疫情信息助手，@我 并发送：\n");
        commands.stream().sorted(Comparator.comparingInt(Command::order))
                .forEach(c -> text.append("· ").append(c.usage()).append('\n'));
        if (faq) {
            text.append("也可以直接提问，例如「今天新增了多少病例」「去医院要注意什么」。");
        }
        return Uni.createFrom().item(Answer.text("commands", text.toString().strip()));
    }
}
