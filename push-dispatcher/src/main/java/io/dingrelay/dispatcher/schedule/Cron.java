package io.dingrelay.dispatcher.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Quartz cron expressions ({@code 0 0 9,17 * * ?}: seconds first, as Quarkus Scheduler reads them) in a zone, parsed
 * by cron-utils, the library Quarkus Scheduler itself uses.
 */
public final class Cron {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final ExecutionTime execution;
    private final ZoneId zone;

    private Cron(ExecutionTime execution, ZoneId zone) {
        this.execution = execution;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException with cron-utils' reason when the expression is not a valid Quartz cron */
    public static Cron parse(String expression, ZoneId zone) {
        return new Cron(ExecutionTime.forCron(PARSER.parse(expression).validate()), zone);
    }

    /** The latest fire time at or before {@code now}. */
    public Optional<Instant> lastFireAtOrBefore(Instant now) {
        var at = now.atZone(zone);
        if (execution.isMatch(at.withNano(0))) {
            return Optional.of(at.withNano(0).toInstant());
        }
        return execution.lastExecution(at).map(z -> z.toInstant());
    }

    /** The next fire time after {@code now}. */
    public Optional<Instant> nextFireAfter(Instant now) {
        return execution.nextExecution(now.atZone(zone)).map(z -> z.toInstant());
    }
}
