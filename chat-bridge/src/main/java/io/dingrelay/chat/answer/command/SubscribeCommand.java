package io.dingrelay.chat.answer.command;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.Question;
import io.dingrelay.chat.client.RegistryClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** 订阅 / subscribe &lt;tag&gt;: adds a registry tag to this group, so campaigns for that tag reach it. */
@ApplicationScoped
public class SubscribeCommand implements Command {

    private final RegistryClient registry;

    public SubscribeCommand(RegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public List<String> names() {
        return List.of("订阅", "subscribe");
    }

    @Override
    public String usage() {
        return "订阅 <标签> —— 本群接收该标签的推送，如「订阅 日报」";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public Uni<Answer> run(Question question, String argument) {
        return TagCommands.change(registry, question, argument, true);
    }
}
