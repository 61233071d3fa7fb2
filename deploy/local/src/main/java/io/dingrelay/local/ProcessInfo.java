package io.dingrelay.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the launcher reports about a process: its command line and resident memory (Linux /proc). */
final class ProcessInfo {

    private static final int MAX_COMMAND = 160;

    private ProcessInfo() {
    }

    /** Resident set size in MiB from {@code /proc/<pid>/status} (VmRSS), when available. */
    static Optional<Long> rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Optional.of(kib / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Proportional set size in MiB ({@code /proc/<pid>/smaps_rollup} Pss): shared pages divided among the processes
     * sharing them, so that the PSS of PostgreSQL's processes adds up, where their RSS would count the shared
     * buffers once per process.
     */
    static Optional<Long> pssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** PostgreSQL is a postmaster plus one process per connection and its helpers: their PSS together. */
    static long postgresPssMib(long postmaster) {
        long total = pssMib(postmaster).orElse(0L);
        total += ProcessHandle.of(postmaster).stream().flatMap(ProcessHandle::children)
                .mapToLong(c -> pssMib(c.pid()).orElse(0L)).sum();
        return total;
    }

    static String commandLine(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().commandLine())
                .map(c -> c.length() > MAX_COMMAND ? c.substring(0, MAX_COMMAND) + "..." : c)
                .orElse("command unknown");
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
