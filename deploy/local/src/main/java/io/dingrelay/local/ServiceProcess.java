package io.dingrelay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One service of the stack running as its own process, its output going to its log file. */
public final class ServiceProcess {

    /** Lines of the log shown when a service fails to become ready. */
    static final int TAIL_LINES = 40;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final StackService service;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final Instant startedAt;
    private volatile Duration readyAfter;

    private ServiceProcess(StackService service, int port, Path logFile, Process process, Instant startedAt) {
        this.service = service;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
        this.startedAt = startedAt;
    }

    /**
     * Starts the process with its output (stdout and stderr) in {@code logFile}; a log of an earlier run is kept
     * as {@code <name>.log.1}.
     */
    static ServiceProcess start(StackService service, int port, List<String> command, Map<String, String> environment,
            Path workDir, Path logFile) {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.getParent());
            if (Files.exists(logFile)) {
                Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.to(logFile.toFile()))
                    .redirectInput(Redirect.from(nullFile()));
            builder.environment().putAll(environment);
            return new ServiceProcess(service, port, logFile, builder.start(), Instant.now());
        } catch (IOException e) {
            throw new LocalStackException("Cannot start " + service.id() + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    public StackService service() {
        return service;
    }

    public String name() {
        return service.id();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Time from process start to the first UP readiness answer; null until then. */
    public Duration readyAfter() {
        return readyAfter;
    }

    public Optional<Long> rssMib() {
        return ProcessInfo.rssMib(pid());
    }

    /**
     * Polls {@code /q/health/ready} until it answers 200. Fails, with the end of the log, when the process exits
     * or the deadline passes first.
     */
    void awaitReady(HttpClient http, Instant deadline) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        String lastAnswer = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new LocalStackException(name() + " exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + logFile + ":\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    readyAfter = Duration.between(startedAt, Instant.now());
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("Interrupted while waiting for " + name());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new LocalStackException(name() + " was not ready at " + url() + "/q/health/ready in time (last: "
                        + lastAnswer + "). Last lines of " + logFile + ":\n" + tail());
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("Interrupted while waiting for " + name());
            }
        }
    }

    /** Whether {@code /q/health/ready} answers 200 right now. */
    boolean ready(HttpClient http) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the process to stop (SIGTERM: Quarkus shuts down gracefully), without waiting. */
    void requestStop() {
        process.destroy();
    }

    /** Waits for the process to exit; kills it (and anything it started) if it has not within {@code grace}. */
    void awaitStop(Duration grace) {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // A browser or driver the service started must not outlive it.
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The last lines of the log file. */
    public String tail() {
        return tail(logFile, TAIL_LINES);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
