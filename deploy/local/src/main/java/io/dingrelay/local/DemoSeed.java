package io.dingrelay.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The push demo of the local stack (push-dispatcher's README): five groups made in the simulator (two of them with
 * 加签), registered in the registry with the tag {@code demo}, and an on-demand campaign for that tag in the
 * dispatcher. {@code curl -XPOST …/api/campaigns/<id>/runs} then fills the simulator's page. Seeded once per data
 * folder: the campaign id is kept in {@code data/demo-campaign}; a later start reuses it while the dispatcher still
 * knows it.
 */
public final class DemoSeed {

    static final String FILE = "demo-campaign";
    static final String TAG = "demo";
    static final List<String> GROUPS = List.of("疫情通报群（一）", "疫情通报群（二）", "社区防控群", "物资保障群", "志愿者群");

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("\"%s\"\\s*:\\s*(\"([^\"]*)\"|null)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LocalStack stack;

    private DemoSeed(LocalStack stack) {
        this.stack = stack;
    }

    /**
     * Seeds the demo if the simulator, the registry and the dispatcher are in the stack; answers the campaign id, or
     * empty (not all three running, or seeding failed: the reason is printed, the stack keeps running).
     */
    public static Optional<String> seed(LocalStack stack, PrintStream out) {
        var urls = stack.urls();
        if (!urls.containsKey("dingtalk-simulator") || !urls.containsKey("robot-registry") || !urls.containsKey("push-dispatcher")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DemoSeed(stack).seedOnce());
        } catch (IOException | RuntimeException e) {
            out.println("Push demo not seeded: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String seedOnce() throws IOException, InterruptedException {
        Path marker = stack.dataDir().resolve(FILE);
        String dispatcher = stack.url("push-dispatcher");
        if (Files.isRegularFile(marker)) {
            String id = Files.readString(marker, StandardCharsets.UTF_8).strip();
            if (send("GET", dispatcher + "/api/campaigns/" + id, null, true).statusCode() == 200) {
                return id;
            }
        }
        String simulator = stack.url("dingtalk-simulator");
        String registry = stack.url("robot-registry");
        for (int i = 0; i < GROUPS.size(); i++) {
            String security = i < 2 ? "sign" : "none";
            String created = ok(send("POST", simulator + "/sim/groups", "{\"name\":\"" + GROUPS.get(i) + "\",\"security\":\"" + security + "\"}", false));
            String webhook = field(created, "webhook");
            String secret = field(created, "secret");
            ok(send("POST", registry + "/api/groups", "{\"name\":\"" + GROUPS.get(i) + "\",\"webhook\":\"" + webhook + "\",\"secret\":"
                    + (secret == null ? "null" : "\"" + secret + "\"") + ",\"tags\":[\"" + TAG + "\"]}", true));
        }
        String campaign = ok(send("POST", dispatcher + "/api/campaigns", """
                {"name":"DingRelay 演示：每日通报","audience":{"tags":["demo"]},"zone":"Asia/Shanghai",
                 "message":{"msgtype":"markdown","markdown":{"title":"{{group.title}} 日报",
                   "text":"#### {{group.title}} · {{date}} {{time}}\\n- 新增确诊 **{{vars.confirmed}}**\\n- 治愈 **{{vars.cured}}**\\n\\n[打卡](https://example.com/checkin) · [咨询](https://example.com/consult)"}},
                 "vars":{"confirmed":"3","cured":"12"}}""", true));
        Matcher m = ID.matcher(campaign);
        if (!m.find()) {
            throw new IllegalStateException("the dispatcher's answer has no campaign id");
        }
        Files.writeString(marker, m.group(1), StandardCharsets.UTF_8);
        return m.group(1);
    }

    private HttpResponse<String> send(String method, String url, String json, boolean admin) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (admin) {
            b.header("Authorization", "Bearer " + stack.secrets().adminToken());
        }
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String ok(HttpResponse<String> r) {
        if (r.statusCode() >= 300) {
            // Answers of our admin APIs never hold credentials; cut them short anyway.
            String body = r.body().length() > 300 ? r.body().substring(0, 300) : r.body();
            throw new IllegalStateException(r.request().method() + " " + r.request().uri().getPath() + " answered " + r.statusCode() + ": " + body);
        }
        return r.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile(String.format(FIELD.pattern(), Pattern.quote(name))).matcher(json);
        return m.find() ? m.group(2) : null;
    }
}
