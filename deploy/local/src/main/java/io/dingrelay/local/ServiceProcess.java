package io.dingrelay.local;

import io.dingrelay.infra.AppProcess;
import io.dingrelay.infra.AppProcessException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of the stack running as its own process, its output going to its log file: embedded-infra's
 * {@link AppProcess} with the service it runs and the launcher's error type.
 */
public final class ServiceProcess {

    private final StackService service;
    private final AppProcess process;

    private ServiceProcess(StackService service, AppProcess process) {
        this.service = service;
        this.process = process;
    }

    /**
     * Starts the process with its output (stdout and stderr) in {@code logFile}; a log of an earlier run is kept
     * as {@code <name>.log.1}.
     */
    static ServiceProcess start(StackService service, int port, List<String> command, Map<String, String> environment,
            Path workDir, Path logFile) {
        try {
            return new ServiceProcess(service, AppProcess.start(service.id(), port, command, environment, workDir, logFile));
        } catch (AppProcessException e) {
            throw new LocalStackException(e.getMessage(), e);
        }
    }

    public StackService service() {
        return service;
    }

    public String name() {
        return service.id();
    }

    public int port() {
        return process.port();
    }

    public String url() {
        return process.url();
    }

    public Path logFile() {
        return process.logFile();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Time from process start to the first UP readiness answer; null until then. */
    public Duration readyAfter() {
        return process.readyAfter();
    }

    public Optional<Long> rssMib() {
        return ProcessInfo.rssMib(pid());
    }

    /**
     * Polls {@code /q/health/ready} until it answers 200. Fails, with the end of the log, when the process exits
     * or the deadline passes first.
     */
    void awaitReady(Instant deadline) {
        try {
            process.awaitReady(deadline);
        } catch (AppProcessException e) {
            throw new LocalStackException(e.getMessage(), e);
        }
    }

    /** Whether {@code /q/health/ready} answers 200 right now. */
    boolean ready() {
        return process.ready();
    }

    /** Asks the process to stop (SIGTERM: Quarkus shuts down gracefully), without waiting. */
    void requestStop() {
        process.requestStop();
    }

    /** Waits for the process to exit; kills it (and anything it started) if it has not within {@code grace}. */
    void awaitStop(Duration grace) {
        process.awaitStop(grace);
    }

    /** The last lines of the log file. */
    public String tail() {
        return process.tail();
    }
}
