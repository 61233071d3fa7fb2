package io.dingrelay.local.drill;

import io.dingrelay.local.LocalStack;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Issue 15's reliability drill: starts the whole stack on its own data folder and free ports (so it never meets a
 * developer's {@code deploy/local/run} or another test's stack), then runs the scenarios in order
 * 1 (ingress under fire), 4 (bad input at scale), 3 (registry under fire) and 2 (push under fire), and answers one
 * table row per scenario. {@code deploy/local/drill [--scale full|reduced]} runs it from the command line
 * ({@link #main}); {@code DrillIT} runs the reduced form in {@code ./mvnw verify}.
 */
public final class Drill {

    /** Scenario numbers in the order they run. */
    public static final List<String> ORDER = List.of("1", "4", "3", "2");

    /** The registry's second credential key: active after scenario 3b's restart, then every row is rotated under it. */
    static final String SECOND_KEY_ID = "drill2";

    private final Scale scale;
    private final Set<String> scenarios;
    private final Path dataDir;
    private final PrintStream out;

    public Drill(Scale scale, Set<String> scenarios, Path dataDir, PrintStream out) {
        this.scale = scale;
        this.scenarios = new LinkedHashSet<>(scenarios);
        this.dataDir = dataDir;
        this.out = out;
    }

    /** Runs the chosen scenarios on a stack of its own and answers their results (the stack is stopped after). */
    public List<ScenarioResult> run() throws Exception {
        Instant started = Instant.now();
        List<ScenarioResult> results = new ArrayList<>();
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String secondKey = java.util.Base64.getEncoder().encodeToString(key);
        LocalStack.Builder builder = LocalStack.builder().freePorts().readyTimeout(Duration.ofSeconds(300)).out(out)
                // chat-bridge starts after scenario 1: it would answer each of the drill's robot messages through
                // their made-up sessionWebhook (and then the OpenAPI), work that has nothing to do with the drill.
                // Starting at the end of its topic it skips them; scenario 4 still fuzzes its admin API.
                .deferred("chat-bridge")
                .systemProperty("chat-bridge", "mp.messaging.incoming.chat-messages.auto.offset.reset", "latest")
                // A second key in the ring of the registry and the dispatcher (the local stack's own stays active
                // until scenario 3b makes this one active). From the environment: never on a command line.
                .environment("DINGRELAY_DRILL_CRYPTO_KEY2", secondKey)
                .systemProperty("robot-registry", "dingrelay.crypto.keys." + SECOND_KEY_ID, "${DINGRELAY_DRILL_CRYPTO_KEY2}")
                .systemProperty("push-dispatcher", "dingrelay.crypto.keys." + SECOND_KEY_ID, "${DINGRELAY_DRILL_CRYPTO_KEY2}");
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("dingrelay-drill-");
        builder = builder.dataDir(data);
        logToFile(data);
        try (LocalStack stack = builder.start()) {
            out.println("[drill] stack up in " + stack.startupTime().toSeconds() + " s, data in " + stack.dataDir());
            stack.startInstance("callback-gateway", "callback-gateway-2");
            DrillContext ctx = new DrillContext(stack, scale, out);
            ctx.extraSecrets.put("the second registry key", secondKey);
            try {
                for (String s : ORDER) {
                    if (!scenarios.contains(s)) {
                        continue;
                    }
                    if (!s.equals("1")) {
                        startChatBridge(stack);
                    }
                    if (s.equals("2")) {
                        PushScenario push = new PushScenario(ctx);
                        results.add(runOne(s, ctx, c -> push.run()));
                        if (push.rotation != null) {
                            results.add(push.rotation);
                        }
                    } else {
                        results.add(runOne(s, ctx, null));
                    }
                }
                startChatBridge(stack);
                results.add(logScan(ctx));
            } finally {
                ctx.http.close();
            }
        }
        if (dataDir == null) {
            // A temporary folder: the broker's and the database's data (100-250 MB) go, the logs stay for reading.
            deleteQuietly(data.resolve("kafka"));
            deleteQuietly(data.resolve("postgres/pgdata"));
        }
        out.println("[drill] " + scale.name() + " drill done in " + Duration.between(started, Instant.now()).toSeconds()
                + " s; logs in " + data.resolve("logs"));
        return results;
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            System.err.println("[drill] could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** The broker's and the database wrapper's own lines (they run in this JVM) go to a file, not over the progress. */
    private void logToFile(Path data) throws java.io.IOException {
        if (out != System.out) {
            return; // a test's output: leave its logging alone
        }
        Path file = data.resolve("logs/local-stack.log");
        Files.createDirectories(file.getParent());
        java.util.logging.Handler handler = new java.util.logging.FileHandler(file.toString(), true);
        handler.setFormatter(new java.util.logging.SimpleFormatter());
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (java.util.logging.Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.addHandler(handler);
    }

    private static void startChatBridge(LocalStack stack) {
        if (stack.services().stream().noneMatch(p -> p.name().equals("chat-bridge"))) {
            stack.startDeferred("chat-bridge");
        }
    }

    private ScenarioResult runOne(String scenario, DrillContext ctx, Function<DrillContext, ScenarioResult> given) {
        Function<DrillContext, ScenarioResult> body = given != null ? given : switch (scenario) {
            case "1" -> c -> new IngressScenario(c).run();
            case "4" -> c -> new FuzzScenario(c).run();
            case "3" -> c -> new RegistryScenario(c).run();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
        ctx.log("scenario %s ...", scenario);
        try {
            ScenarioResult r = body.apply(ctx);
            ctx.log("scenario %s: %s", scenario, r.failed() ? "FAIL" : "ok");
            return r;
        } catch (RuntimeException e) {
            e.printStackTrace(out);
            return ScenarioResult.crashed(switch (scenario) {
                case "1" -> IngressScenario.NAME;
                case "2" -> PushScenario.NAME;
                case "3" -> RegistryScenario.NAME;
                default -> FuzzScenario.NAME;
            }, e);
        }
    }

    /** Every service's log, every line, against every secret the drill knows of. */
    private ScenarioResult logScan(DrillContext ctx) throws Exception {
        var secrets = new java.util.LinkedHashMap<String, String>();
        secrets.put("app secret", ctx.secrets.appSecret());
        secrets.put("event token", ctx.secrets.token());
        secrets.put("AES key", ctx.secrets.aesKey());
        secrets.put("admin token", ctx.secrets.adminToken());
        secrets.put("registry crypto key", ctx.secrets.cryptoKey());
        secrets.putAll(ctx.extraSecrets);
        List<LogScan.Finding> findings = LogScan.scan(ctx.stack.dataDir(), secrets, List.of("dingtalk-simulator"));
        long lines = LogScan.lines(ctx.stack.dataDir());
        List<String> problems = new ArrayList<>();
        findings.stream().limit(20).forEach(f -> problems.add("the " + f.secretName() + " in " + f.file() + " line " + f.line()));
        if (findings.size() > 20) {
            problems.add((findings.size() - 20) + " more lines with secrets");
        }
        return new ScenarioResult("logs: no secrets", String.format("%,d log lines of every service scanned for %d secrets",
                lines, secrets.size()), -1, -1, -1, -1, -1, -1, problems, List.of());
    }

    /**
     * {@code deploy/local/drill [--scale full|reduced] [--scenarios 1,4,3,2] [--data-dir DIR]}: prints the table and
     * exits 1 on any loss, duplicate or other failure.
     */
    public static void main(String[] args) throws Exception {
        Scale scale = Scale.FULL;
        Set<String> scenarios = new LinkedHashSet<>(ORDER);
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Scale.byName(args[++i]);
                case "--scenarios" -> scenarios = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("deploy/local/drill [--scale full|reduced] [--scenarios 1,4,3,2] [--data-dir DIR]");
                    return;
                }
                default -> {
                    System.err.println("Unknown option " + args[i] + "; try --help");
                    System.exit(2);
                }
            }
        }
        if (dataDir != null && Files.exists(dataDir.resolve("secrets.properties"))) {
            System.out.println("[drill] reusing " + dataDir);
        }
        List<ScenarioResult> results = new Drill(scale, scenarios, dataDir, System.out).run();
        System.out.println();
        System.out.println(DrillTable.render(results));
        boolean failed = results.stream().anyMatch(ScenarioResult::failed);
        System.out.println(failed ? "DRILL FAILED" : "DRILL PASSED: nothing lost, nothing duplicated");
        System.exit(failed ? 1 : 0);
    }
}
