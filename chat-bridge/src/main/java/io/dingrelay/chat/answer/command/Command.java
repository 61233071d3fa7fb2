package io.dingrelay.chat.answer.command;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.Question;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** One command of the {@link CommandAnswerer}: the first word of the question names it, the rest is its argument. */
public interface Command {

    /** The words that invoke it, e.g. {@code 打卡}, {@code check-in}; matched case-insensitively, a leading / allowed. */
    List<String> names();

    /** One line for 帮助. */
    String usage();

    /** The order in 帮助. */
    int order();

    Uni<Answer> run(Question question, String argument);
}
