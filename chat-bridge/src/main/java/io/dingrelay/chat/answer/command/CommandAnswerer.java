package io.dingrelay.chat.answer.command;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.Answerer;
import io.dingrelay.chat.answer.Question;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers commands: the question's first word names one ({@code 打卡 体温36.5 正常} is {@code 打卡} with the
 * argument {@code 体温36.5 正常}). A first word starting with {@code /} that names no command is answered as an
 * unknown command; any other question passes on to the FAQ.
 */
@ApplicationScoped
public class CommandAnswerer implements Answerer {

    private final Map<String, Command> byName = new HashMap<>();
    private final List<Command> commands;
    private final boolean enabled;
    private final MeterRegistry meters;

    public CommandAnswerer(Instance<Command> commands, ChatBridgeConfig config, MeterRegistry meters) {
        this.commands = commands.stream().sorted(Comparator.comparingInt(Command::order)).toList();
        this.commands.forEach(c -> c.names().forEach(n -> byName.put(n.toLowerCase(Locale.ROOT), c)));
        this.enabled = config.answerers().commandsEnabled();
        this.meters = meters;
    }

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    /** Every command, in the order 帮助 lists them. */
    public List<Command> commands() {
        return commands;
    }

    @Override
    public Uni<Optional<Answer>> answer(Question question) {
        String text = question.text();
        int space = firstSpace(text);
        String word = space < 0 ? text : text.substring(0, space);
        String argument = space < 0 ? "" : text.substring(space).strip();
        boolean slashed = word.startsWith("/");
        String name = (slashed ? word.substring(1) : word).toLowerCase(Locale.ROOT);
        Command command = byName.get(name);
        if (command == null) {
            if (slashed) {
                meters.counter("dingrelay.chat.commands", "command", "unknown").increment();
                return Uni.createFrom().item(Optional.of(Answer.text(name(), "没有「" + word + "」这个命令。"
                        + "发送「帮助」查看我会的命令。")));
            }
            return Uni.createFrom().item(Optional.empty());
        }
        meters.counter("dingrelay.chat.commands", "command", command.names().get(0)).increment();
        return command.run(question, argument).map(Optional::of);
    }

    private static int firstSpace(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i)) || t.charAt(i) == '\u2005' || t.charAt(i) == '\u3000') {
                return i;
            }
        }
        return -1;
    }
}
