package io.dingrelay.dispatcher.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time used by everything a benchmark phase runs on: this JVM (the broker, the audience server, the raw client),
 * its child processes (simulator, dispatcher) and the PostgreSQL server processes of the benchmark's data folder.
 * On a shared machine wall time depends on the others' load; core-seconds per delivery do not (much).
 */
final class CpuMeter {

    private final Path postgresData;

    CpuMeter(Path postgresData) {
        this.postgresData = postgresData;
    }

    /** Core-seconds used so far by this JVM, its descendants and the benchmark's PostgreSQL. */
    double coreSeconds() {
        long nanos = cpu(ProcessHandle.current());
        nanos += ProcessHandle.current().descendants().mapToLong(CpuMeter::cpu).sum();
        String data = postgresData.toString();
        nanos += ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .filter(p -> p.parent().flatMap(pp -> pp.info().arguments()).map(a -> String.join(" ", a).contains(data)).orElse(false)
                        || p.info().arguments().map(a -> String.join(" ", a).contains(data)).orElse(false))
                .filter(p -> ProcessHandle.current().descendants().noneMatch(d -> d.pid() == p.pid()))
                .mapToLong(CpuMeter::cpu).sum();
        return nanos / 1e9;
    }

    private static long cpu(ProcessHandle p) {
        Optional<Duration> d = p.info().totalCpuDuration();
        return d.map(Duration::toNanos).orElse(0L);
    }
}
