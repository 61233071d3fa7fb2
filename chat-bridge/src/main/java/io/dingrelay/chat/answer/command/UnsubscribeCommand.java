package io.dingrelay.chat.answer.command;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.Question;
import io.dingrelay.chat.client.RegistryClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** 退订 / unsubscribe &lt;tag&gt;: removes a registry tag from this group, so campaigns for that tag stop. */
@ApplicationScoped
public class UnsubscribeCommand implements Command {

    private final RegistryClient registry;

    public UnsubscribeCommand(RegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public List<String> names() {
        return List.of("退订", "unsubscribe");
    }

    @Override
    public String usage() {
        return "退订 <标签> —— 本群不再接收该标签的推送";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public Uni<Answer> run(Question question, String argument) {
        return TagCommands.change(registry, question, argument, false);
    }
}
