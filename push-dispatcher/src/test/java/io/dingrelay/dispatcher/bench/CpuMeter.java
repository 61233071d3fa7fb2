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

    /**
     * Core-seconds used so far per role: {@code bench} (this JVM: broker, audience stand-in, raw client),
     * {@code simulator}, {@code dispatcher}, {@code postgres}. The difference of two snapshots says where a phase's
     * CPU went.
     */
    java.util.Map<String, Double> byRole() {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        out.put("bench", cpu(ProcessHandle.current()) / 1e9);
        out.put("simulator", 0.0);
        out.put("dispatcher", 0.0);
        out.put("postgres", 0.0);
        ProcessHandle.current().descendants().forEach(p -> {
            String line = p.info().commandLine().orElse("");
            // The dispatcher's command line names the database user (postgres): look for the jars first.
            String role = line.contains("dingtalk-simulator") || line.contains("sim-app") ? "simulator"
                    : line.contains("quarkus-run.jar") ? "dispatcher" : line.contains("postgres") ? "postgres" : "bench";
            out.merge(role, cpu(p) / 1e9, Double::sum);
        });
        out.merge("postgres", coreSeconds() - out.values().stream().mapToDouble(Double::doubleValue).sum(), Double::sum);
        return out;
    }

    /** {@code after − before} per role, as {@code role 1.2} pairs. */
    static String delta(java.util.Map<String, Double> before, java.util.Map<String, Double> after) {
        StringBuilder b = new StringBuilder();
        after.forEach((role, s) -> b.append(b.length() == 0 ? "" : ", ").append(role).append(' ')
                .append(String.format("%.1f", s - before.getOrDefault(role, 0.0))));
        return b.toString();
    }

    private static long cpu(ProcessHandle p) {
        Optional<Duration> d = p.info().totalCpuDuration();
        return d.map(Duration::toNanos).orElse(0L);
    }
}
