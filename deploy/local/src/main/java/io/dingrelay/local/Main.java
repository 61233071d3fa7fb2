package io.dingrelay.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * {@code deploy/local/run [up|down|status] [options]}: runs the local stack in the foreground until Ctrl-C, stops
 * it from another terminal, or shows what runs.
 */
public final class Main {

    static final String USAGE = """
            Usage: %s [up|down|status] [options]
              up       (default) start everything in the foreground; Ctrl-C stops it
              down     stop the stack running on the data folder (from another terminal)
              status   show what runs, its health, memory and logs
            Options:
              --data-dir DIR              data folder (default deploy/local/data)
              --only a,b,...              start only these services (%s)
              --port SERVICE=PORT         move one service, e.g. --port chat-bridge=18083 (repeatable)
              --kafka-port PORT           Kafka broker (default 29092)
              --kafka-controller-port P   Kafka KRaft controller (default 29093)
              --postgres-port PORT        PostgreSQL (default 25432)
              --free-ports                pick free ports for everything not given
              --stream                    the demo app reaches the gateway over Stream mode (WebSocket), not HTTP callbacks
              --ready-timeout SECONDS     how long the services may take to become ready (default 180)
              --jvm-options "OPTS"        JVM options of every service (default "%s")
            """;

    private Main() {
    }

    /** How the user runs this: the run script passes its own name (a root wrapper may pass another). */
    static String commandName() {
        return System.getProperty("dingrelay.local.command", "deploy/local/run");
    }

    static String usage() {
        return USAGE.formatted(commandName(), String.join(", ", StackService.ids()),
                String.join(" ", LocalStack.DEFAULT_JVM_OPTIONS));
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (LocalStackException | IllegalArgumentException e) {
            System.err.println();
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
        } catch (Throwable e) {
            // A bug or a broken build (missing class): show everything, and still exit so nothing keeps running.
            System.err.println();
            System.err.println("ERROR: the launcher failed unexpectedly:");
            e.printStackTrace();
            System.exit(2);
        }
    }

    static int run(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = !rest.isEmpty() && !rest.get(0).startsWith("--") ? rest.remove(0) : "up";
        Path root = Path.of(System.getProperty("dingrelay.local.root", "")).toAbsolutePath().normalize();
        Path dataDir = root.resolve("deploy/local/data");
        boolean streamMode = false;
        LocalStack.Builder builder = LocalStack.builder().repoRoot(root);
        for (int i = 0; i < rest.size(); i++) {
            String option = rest.get(i);
            switch (option) {
                case "--data-dir" -> dataDir = Path.of(value(rest, ++i, option)).toAbsolutePath();
                case "--only" -> builder.only(value(rest, ++i, option).split(","));
                case "--port" -> {
                    String[] kv = value(rest, ++i, option).split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--port takes SERVICE=PORT, e.g. --port chat-bridge=18083");
                    }
                    builder.port(kv[0], port(kv[1], option));
                }
                case "--kafka-port" -> builder.kafkaPort(port(value(rest, ++i, option), option));
                case "--kafka-controller-port" -> builder.kafkaControllerPort(port(value(rest, ++i, option), option));
                case "--postgres-port" -> builder.postgresPort(port(value(rest, ++i, option), option));
                case "--free-ports" -> builder.freePorts();
                case "--stream" -> {
                    builder.streamMode();
                    streamMode = true;
                }
                case "--jvm-options" -> builder.jvmOptions(List.of(value(rest, ++i, option).trim().split("\\s+")));
                case "--ready-timeout" -> builder.readyTimeout(Duration.ofSeconds(port(value(rest, ++i, option), option)));
                case "-h", "--help" -> {
                    System.out.print(usage());
                    return 0;
                }
                default -> throw new IllegalArgumentException("Unknown option " + option + "\n" + usage());
            }
        }
        builder.dataDir(dataDir);
        return switch (command) {
            case "up" -> up(builder, dataDir, streamMode);
            case "down" -> down(dataDir);
            case "status" -> status(dataDir);
            case "help" -> {
                System.out.print(usage());
                yield 0;
            }
            default -> throw new IllegalArgumentException("Unknown command " + command + "\n" + usage());
        };
    }

    private static int up(LocalStack.Builder builder, Path dataDir, boolean streamMode) {
        Path launcherLog = logToFile(dataDir);
        Instant started = Instant.now();
        LocalStack stack = builder.start();
        System.out.println();
        System.out.print(stack.statusTable());
        System.out.println();
        System.out.printf("DingRelay local stack up in %.1f s. Data: %s (Kafka %s).%n",
                Duration.between(started, Instant.now()).toMillis() / 1000.0, dataDir,
                stack.kafkaDataReused() ? "data reused" : "new data");
        System.out.println("DingTalk app '" + LocalSecrets.APP + "' appKey " + stack.secrets().appKey()
                + "; its secrets, the admin token and the registry key are in " + dataDir.resolve(LocalSecrets.FILE));
        System.out.println("Launcher log (broker, database): " + launcherLog);
        if (streamMode) {
            System.out.println("Stream mode: app '" + LocalSecrets.APP + "' is received over its Stream connection; send @robot messages with "
                    + stack.url("dingtalk-simulator") + "/sim/stream/robot-messages (the same body as /sim/callbacks/robot-messages)");
        }
        DemoSeed.seed(stack, System.out).ifPresent(campaign -> System.out.println("Push demo: TOKEN=$(sed -n 's/^admin-token=//p' "
                + dataDir.resolve(LocalSecrets.FILE) + "); curl -XPOST -H \"Authorization: Bearer $TOKEN\" " + stack.url("push-dispatcher")
                + "/api/campaigns/" + campaign + "/runs  (then watch " + stack.url("dingtalk-simulator") + "/)"));
        System.out.println("Ctrl-C here, or " + commandName() + " down from another terminal, stops everything.");
        // The shutdown hook of LocalStack stops the services, the broker and the database on Ctrl-C or SIGTERM.
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stack.close();
        return 0;
    }

    private static int down(Path dataDir) {
        Optional<Long> launcher = StackState.runningLauncher(dataDir);
        Optional<Properties> state = StackState.read(dataDir);
        if (launcher.isEmpty() && state.isEmpty()) {
            System.out.println("No local stack is running on " + dataDir);
            return 0;
        }
        launcher.ifPresent(pid -> {
            System.out.println("Stopping the local stack (launcher pid " + pid + ") ...");
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            Instant deadline = Instant.now().plus(LocalStack.STOP_GRACE).plusSeconds(45);
            while (ProcessInfo.alive(pid) && Instant.now().isBefore(deadline)) {
                sleep(200);
            }
            if (ProcessInfo.alive(pid)) {
                System.out.println("The launcher did not stop in time; killing it.");
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        });
        // A launcher killed with -9 leaves its services running: stop those named in the state file.
        state.ifPresent(p -> {
            for (String name : p.getProperty("services", "").split(",")) {
                String pid = p.getProperty(name + ".pid");
                if (pid != null && ProcessInfo.alive(Long.parseLong(pid))
                        && ProcessInfo.commandLine(Long.parseLong(pid)).contains("quarkus-run.jar")) {
                    System.out.println("Stopping leftover " + name + " (pid " + pid + ")");
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
                }
            }
        });
        StackState.clear(dataDir);
        System.out.println("Stopped.");
        return 0;
    }

    private static int status(Path dataDir) {
        Optional<Long> launcher = StackState.runningLauncher(dataDir);
        Optional<Properties> state = StackState.read(dataDir);
        if (launcher.isEmpty()) {
            System.out.println("No local stack is running on " + dataDir + ". Start one: " + commandName());
            return 3;
        }
        if (state.isEmpty()) {
            System.out.println("The local stack (launcher pid " + launcher.get() + ") is starting.");
            return 0;
        }
        Properties p = state.get();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        StatusTable table = new StatusTable();
        for (String name : p.getProperty("services", "").split(",")) {
            long pid = Long.parseLong(p.getProperty(name + ".pid", "-1"));
            String url = p.getProperty(name + ".url");
            String page = p.getProperty(name + ".page");
            table.row(name, page != null ? page + "  (page)" : url, health(http, url, pid),
                    ProcessInfo.rssMib(pid).map(m -> m + " MiB").orElse("-"), String.valueOf(pid),
                    p.getProperty(name + ".log"));
        }
        long self = launcher.get();
        table.row("launcher (kafka)", p.getProperty("kafka.bootstrap.servers", "-"), "UP",
                ProcessInfo.rssMib(self).map(m -> m + " MiB").orElse("-"), String.valueOf(self),
                dataDir.resolve("logs/local-stack.log").toString());
        StackState.postmasterPid(dataDir).ifPresent(pm -> table.row("postgresql", "localhost:" + p.getProperty("postgres.port", "?"),
                "UP", ProcessInfo.postgresPssMib(pm) + " MiB PSS, all", String.valueOf(pm),
                dataDir.resolve("postgres/postgres.log").toString()));
        System.out.print(table.render());
        return 0;
    }

    private static String health(HttpClient http, String url, long pid) {
        if (!ProcessInfo.alive(pid)) {
            return "EXITED";
        }
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? "UP" : "DOWN (" + r.statusCode() + ")";
        } catch (IOException e) {
            return "DOWN";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** Kafka's and the database wrapper's own logging goes to a file, not over the table. */
    private static Path logToFile(Path dataDir) {
        Path file = dataDir.resolve("logs/local-stack.log");
        try {
            Files.createDirectories(file.getParent());
            Handler handler = new FileHandler(file.toString(), true);
            handler.setFormatter(new SimpleFormatter());
            Logger root = Logger.getLogger("");
            for (Handler h : root.getHandlers()) {
                root.removeHandler(h);
            }
            root.addHandler(handler);
            root.setLevel(Level.INFO);
        } catch (IOException e) {
            System.err.println("Cannot log to " + file + ": " + e.getMessage());
        }
        return file;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int port(String value, String option) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, got '" + value + "'");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
