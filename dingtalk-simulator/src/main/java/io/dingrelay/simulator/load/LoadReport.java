package io.dingrelay.simulator.load;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Figures of one load run: throughput, latency percentiles (ms), errors by kind. */
public record LoadReport(String target, String url, String mode, long requests, long ok, Map<String, Long> errors,
                         long elapsedNanos, Histogram latencyMicros) {

    public double throughput() {
        return elapsedNanos <= 0 ? 0 : requests * 1e9 / elapsedNanos;
    }

    public double p50Ms() {
        return latencyMicros.getValueAtPercentile(50) / 1000.0;
    }

    public double p99Ms() {
        return latencyMicros.getValueAtPercentile(99) / 1000.0;
    }

    public double maxMs() {
        return latencyMicros.getMaxValue() / 1000.0;
    }

    public String toText() {
        String errs = errors.isEmpty() ? "none" : errors.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, """
                target     %s %s
                mode       %s
                requests   %d in %.2f s = %.0f req/s
                ok         %d
                errors     %s
                latency ms p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f""",
                target, url.replaceAll("(access_token|sign)=[^&]+", "$1=…"), mode, requests, elapsedNanos / 1e9, throughput(),
                ok, errs, p50Ms(), latencyMicros.getValueAtPercentile(90) / 1000.0, p99Ms(),
                latencyMicros.getValueAtPercentile(99.9) / 1000.0, maxMs());
    }

    public String toJson() {
        String errs = errors.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(","));
        return String.format(Locale.ROOT,
                "{\"target\":\"%s\",\"mode\":\"%s\",\"requests\":%d,\"ok\":%d,\"errors\":{%s},\"seconds\":%.3f,"
                        + "\"throughput\":%.1f,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f}",
                target, mode, requests, ok, errs, elapsedNanos / 1e9, throughput(), p50Ms(), p99Ms(), maxMs());
    }
}
