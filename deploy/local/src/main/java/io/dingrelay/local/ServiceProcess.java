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
    private final String instance;
    private final AppProcess process;
    // What started it, so that the same instance can be started again after a kill (drills).
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;

    private ServiceProcess(StackService service, String instance, AppProcess process, List<String> command,
            Map<String, String> environment, Path workDir) {
        this.service = service;
        this.instance = instance;
        this.process = process;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
    }

    /**
     * Starts the process with its output (stdout and stderr) in {@code logFile}; a log of an earlier run is kept
     * as {@code <name>.log.1}.
     */
    static ServiceProcess start(StackService service, int port, List<String> command, Map<String, String> environment,
            Path workDir, Path logFile) {
        return start(service, service.id(), port, command, environment, workDir, logFile);
    }

    /** As above, for one more instance of a service under its own name (e.g. a second gateway). */
    static ServiceProcess start(StackService service, String instance, int port, List<String> command,
            Map<String, String> environment, Path workDir, Path logFile) {
        try {
            return new ServiceProcess(service, instance, AppProcess.start(instance, port, command, environment, workDir, logFile),
                    command, environment, workDir);
        } catch (AppProcessException e) {
            throw new LocalStackException(e.getMessage(), e);
        }
    }

    /**
     * The same instance started again with the same command, port and environment, its output in {@code logFile}
     * (a new file, so that the killed instance's log stays readable beside it).
     */
    ServiceProcess startAgain(Path logFile, Map<String, String> changedProperties) {
        List<String> again = new java.util.ArrayList<>(command);
        changedProperties.forEach((key, value) -> {
            again.removeIf(arg -> arg.startsWith("-D" + key + "="));
            again.add(again.indexOf("-jar"), "-D" + key + "=" + value);
        });
        return start(service, instance, port(), again, environment, workDir, logFile);
    }

    /**
     * SIGKILL, as the kernel's OOM killer or a node failure would end it: no shutdown hook, no graceful close of the
     * Kafka producer or the HTTP server. Returns once the process is gone.
     */
    public void kill() {
        ProcessHandle.of(pid()).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
    }

    public StackService service() {
        return service;
    }

    /** The instance's name: the service id, or e.g. {@code callback-gateway-2} for a second instance. */
    public String name() {
        return instance;
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
