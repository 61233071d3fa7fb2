package io.dingrelay.chat.answer;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * One source of answers. The {@link AnswererChain} asks each in the configured order until one answers; an empty
 * result (or a failure, counted) passes the question on.
 */
public interface Answerer {

    /** The name used in {@code dingrelay.chat.answerers.order} and in metrics. */
    String name();

    /** Whether this answerer is switched on. */
    boolean enabled();

    Uni<Optional<Answer>> answer(Question question);
}
