package io.dingrelay.infra;

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
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus application running as a child process, its output (stdout and stderr) in a log file: what the
 * local stack runs for each service and what tests use to start the DingTalk simulator. Ready when
 * {@code /q/health/ready} answers 200.
 *
 * <pre>{@code
 * AppProcess app = AppProcess.start("dingtalk-simulator", port,
 *         AppProcess.javaCommand(List.of("-Xmx256m"), Map.of("quarkus.http.port", "" + port), runnerJar),
 *         Map.of(), workDir, logFile);
 * app.awaitReady(Instant.now().plusSeconds(60));
 * ...
 * app.stop(Duration.ofSeconds(15));
 * }</pre>
 */
public final class AppProcess {

    /** Lines of the log shown when an application fails to become ready. */
    public static final int TAIL_LINES = 40;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final Instant startedAt;
    private volatile Duration readyAfter;

    private AppProcess(String name, int port, Path logFile, Process process, Instant startedAt) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
        this.startedAt = startedAt;
    }

    /**
     * Starts {@code command} in {@code workDir} with its output in {@code logFile}; a log of an earlier run is kept as
     * {@code <name>.log.1}. Returns at once: {@link #awaitReady} waits for the application.
     *
     * @param port the HTTP port the application was told to listen on (the command must say so)
     * @throws AppProcessException when the process cannot be started at all
     */
    public static AppProcess start(String name, int port, List<String> command, Map<String, String> environment,
            Path workDir, Path logFile) {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            if (Files.exists(logFile)) {
                Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.to(logFile.toFile()))
                    .redirectInput(Redirect.from(nullFile()));
            builder.environment().putAll(environment);
            return new AppProcess(name, port, logFile, builder.start(), Instant.now());
        } catch (IOException e) {
            throw new AppProcessException("Cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /**
     * {@code <this JVM's java> <jvmOptions> -D<key>=<value>... -jar <runnerJar>}. Values appear on the command line
     * (visible in {@code ps}): pass secrets as {@code ${ENV}} expressions Quarkus expands from the environment.
     */
    public static List<String> javaCommand(List<String> jvmOptions, Map<String, String> systemProperties, Path runnerJar) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(runnerJar.toString());
        return command;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:<port>}. */
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

    /**
     * Polls {@code /q/health/ready} until it answers 200. Fails, with the end of the log, when the process exits or
     * the deadline passes first.
     *
     * @throws AppProcessException saying which, with the last lines of the log
     */
    public void awaitReady(Instant deadline) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        String lastAnswer = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new AppProcessException(name + " exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + logFile + ":\n" + tail());
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    readyAfter = Duration.between(startedAt, Instant.now());
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AppProcessException("Interrupted while waiting for " + name, e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AppProcessException(name + " was not ready at " + url() + "/q/health/ready in time (last: "
                        + lastAnswer + "). Last lines of " + logFile + ":\n" + tail());
            }
            try {
                // A poll with a pause, bounded by the deadline: the application answers when it is ready.
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AppProcessException("Interrupted while waiting for " + name, e);
            }
        }
    }

    /** Whether {@code /q/health/ready} answers 200 right now. */
    public boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the process to stop (SIGTERM: Quarkus shuts down gracefully), without waiting. */
    public void requestStop() {
        process.destroy();
    }

    /** Waits for the process to exit; kills it (and anything it started) if it has not within {@code grace}. */
    public void awaitStop(Duration grace) {
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
        // A browser or driver the application started must not outlive it.
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** {@link #requestStop()} then {@link #awaitStop(Duration)}. */
    public void stop(Duration grace) {
        requestStop();
        awaitStop(grace);
    }

    /** The last lines of the log file. */
    public String tail() {
        return tail(logFile, TAIL_LINES);
    }

    /** The last {@code lines} lines of {@code file}, or a note saying why it cannot be read. */
    public static String tail(Path file, int lines) {
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
