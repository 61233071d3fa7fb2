package io.dingrelay.chat.answer;

import io.dingrelay.chat.config.ChatBridgeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The answerers in {@code dingrelay.chat.answerers.order}, asked one after the other until one answers. An
 * answerer that fails is logged and counted ({@code dingrelay.chat.answerer.failures}) and the next one is asked,
 * so a broken NLP endpoint degrades to the fallback instead of silence.
 */
@ApplicationScoped
public class AnswererChain {

    private static final Logger LOG = Logger.getLogger(AnswererChain.class);

    private final List<Answerer> chain;
    private final MeterRegistry meters;

    public AnswererChain(Instance<Answerer> answerers, ChatBridgeConfig config, MeterRegistry meters) {
        this.meters = meters;
        Map<String, Answerer> byName = new LinkedHashMap<>();
        answerers.forEach(a -> byName.put(a.name(), a));
        List<Answerer> ordered = new ArrayList<>();
        for (String name : config.answerers().order()) {
            Answerer a = byName.get(name.strip());
            if (a == null) {
                throw new IllegalArgumentException("dingrelay.chat.answerers.order names '" + name
                        + "', which is not an answerer; known: " + byName.keySet());
            }
            if (a.enabled()) {
                ordered.add(a);
            }
        }
        this.chain = List.copyOf(ordered);
        LOG.infof("Answerers in order: %s", chain.stream().map(Answerer::name).toList());
    }

    /** The names of the answerers switched on, in order. */
    public List<String> active() {
        return chain.stream().map(Answerer::name).toList();
    }

    /** The first answer, or empty when nobody answered (every answerer off, or the fallback switched off). */
    public Uni<Optional<Answer>> answer(Question question) {
        return ask(question, 0);
    }

    private Uni<Optional<Answer>> ask(Question question, int position) {
        if (position >= chain.size()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Answerer answerer = chain.get(position);
        return Uni.createFrom().deferred(() -> answerer.answer(question))
                .onFailure().recoverWithItem(e -> {
                    meters.counter("dingrelay.chat.answerer.failures", "answerer", answerer.name()).increment();
                    LOG.warnf("Answerer %s failed on %s: %s", answerer.name(), question.message().msgId(), e.toString());
                    return Optional.empty();
                })
                .chain(answer -> answer.isPresent() ? Uni.createFrom().item(answer) : ask(question, position + 1));
    }
}
