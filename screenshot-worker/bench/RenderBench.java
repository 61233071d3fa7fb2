import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of screenshot-worker's rendering, against a running worker (bench/run starts one through the local
 * stack's launcher). Single-file program: {@code java RenderBench.java --url U --token T --pid P [options]}.
 *
 * <p>Phases: the cold first render after start; a baseline (a page with headline figures only, no ECharts canvas)
 * and the standard dashboard ({@code daily}: 4 headline figures, a 14-day line chart of 2 series, a bar chart of 8
 * regions, 800x900), both rendered sequentially with a warm pool ({@code force}: a real render every time, never the
 * cache); then {@code --clients} concurrent clients on copies of the standard dashboard (one each, so renders are
 * not joined); then the memory of the Chromium processes under the worker (RSS and PSS, from /proc).
 */
public class RenderBench {

    static HttpClient http = HttpClient.newHttpClient();
    static String url;
    static String token;

    public static void main(String[] args) throws Exception {
        long pid = 0;
        int renders = 40;
        int rounds = 3;
        int clients = 2;
        int warmup = 5;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--token" -> token = args[i + 1];
                case "--pid" -> pid = Long.parseLong(args[i + 1]);
                case "--renders" -> renders = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // 1. Cold: the first render after start (the browser was launched at start-up; nothing rendered yet).
        long t0 = System.nanoTime();
        String cold = snapshot("daily", false);
        double coldWall = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "cold_first_render wall_ms=%.0f render_ms=%d%n", coldWall, renderMillis(cold));

        // Baseline dashboard over the same dataset: headline figures only (no chart canvas).
        post("/api/dashboards", """
                {"id":"baseline","title":"疫情每日简报","dataset":"epidemic","width":800,"height":900,
                 "charts":[{"type":"headline","metrics":["confirmed","suspected","cured","deaths"]}]}""");
        String standard = get("/api/dashboards/daily");
        for (int c = 0; c < clients; c++) {
            post("/api/dashboards", standard.replaceFirst("\"id\":\"daily\"", "\"id\":\"daily-c" + c + "\""));
        }
        for (int i = 0; i < warmup; i++) {
            snapshot("daily", true);
            snapshot("baseline", true);
        }
        List<Double> p99s = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> baseP50 = new ArrayList<>();
        List<Double> baseP99 = new ArrayList<>();
        List<Double> concRates = new ArrayList<>();
        List<Double> concP99 = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Stats base = sequential("baseline", renders);
            Stats std = sequential("daily", renders);
            Stats conc = concurrent(clients, renders);
            System.out.printf(Locale.ROOT, "round %d baseline  sequential renders/s=%.2f render_ms p50=%.0f p90=%.0f p99=%.0f max=%.0f%n",
                    r, base.rate, base.p(50), base.p(90), base.p(99), base.p(100));
            System.out.printf(Locale.ROOT, "round %d standard  sequential renders/s=%.2f render_ms p50=%.0f p90=%.0f p99=%.0f max=%.0f (wall p99=%.0f)%n",
                    r, std.rate, std.p(50), std.p(90), std.p(99), std.p(100), std.wallP(99));
            System.out.printf(Locale.ROOT, "round %d standard  %d clients  renders/s=%.2f render_ms p50=%.0f p99=%.0f (wall p99=%.0f)%n",
                    r, clients, conc.rate, conc.p(50), conc.p(99), conc.wallP(99));
            p50s.add(std.p(50));
            p99s.add(std.p(99));
            rates.add(std.rate);
            baseP50.add(base.p(50));
            baseP99.add(base.p(99));
            concRates.add(conc.rate);
            concP99.add(conc.p(99));
        }
        System.out.printf(Locale.ROOT, "median_of_rounds standard sequential renders/s=%.2f p50_ms=%.0f p99_ms=%.0f | baseline p50_ms=%.0f p99_ms=%.0f | %d clients renders/s=%.2f p99_ms=%.0f%n",
                median(rates), median(p50s), median(p99s), median(baseP50), median(baseP99), clients, median(concRates), median(concP99));
        if (pid > 0) {
            memory(pid);
        }
    }

    record Stats(List<Double> render, List<Double> wall, double rate) {
        double p(int q) {
            return pct(render, q);
        }

        double wallP(int q) {
            return pct(wall, q);
        }
    }

    static Stats sequential(String id, int n) throws Exception {
        List<Double> render = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            render.add((double) renderMillis(snapshot(id, true)));
            wall.add((System.nanoTime() - t) / 1e6);
        }
        return new Stats(render, wall, n / ((System.nanoTime() - start) / 1e9));
    }

    static Stats concurrent(int clients, int n) throws Exception {
        List<Double> render = Collections.synchronizedList(new ArrayList<>());
        List<Double> wall = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String id = "daily-c" + c;
            int share = n / clients;
            all.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    long t = System.nanoTime();
                    render.add((double) renderMillis(snapshot(id, true)));
                    wall.add((System.nanoTime() - t) / 1e6);
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        return new Stats(render, wall, render.size() / ((System.nanoTime() - start) / 1e9));
    }

    /** RSS and PSS of the Chromium processes under the worker (the browser, its renderers, GPU and utility processes). */
    static void memory(long pid) throws IOException {
        long rss = 0;
        long pss = 0;
        int processes = 0;
        int renderers = 0;
        long driverRss = 0;
        for (ProcessHandle p : ProcessHandle.of(pid).orElseThrow().descendants().toList()) {
            String cmd = p.info().command().orElse("");
            String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
            long r = kb(Path.of("/proc/" + p.pid() + "/status"), "VmRSS:");
            if (cmd.endsWith("/chromium")) {
                processes++;
                if (cmdline.contains("--type=renderer")) {
                    renderers++;
                }
                rss += r;
                pss += kb(Path.of("/proc/" + p.pid() + "/smaps_rollup"), "Pss:");
            } else if (cmd.endsWith("/node")) {
                driverRss += r;
            }
        }
        System.out.printf(Locale.ROOT, "memory chromium_processes=%d renderers=%d chromium_rss_mib=%.1f chromium_pss_mib=%.1f playwright_driver_rss_mib=%.1f worker_jvm_rss_mib=%.1f%n",
                processes, renderers, rss / 1024.0, pss / 1024.0, driverRss / 1024.0,
                kb(Path.of("/proc/" + pid + "/status"), "VmRSS:") / 1024.0);
    }

    static long kb(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
        }
        return 0;
    }

    static String snapshot(String id, boolean force) throws Exception {
        return post("/api/dashboards/" + id + "/snapshots", force ? "{\"force\":true}" : "{}");
    }

    static long renderMillis(String json) {
        Matcher m = Pattern.compile("\"renderMillis\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no renderMillis in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    static String post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && r.statusCode() != 409) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static double pct(List<Double> values, int q) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int i = (int) Math.ceil(q / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    static double median(List<Double> values) {
        return pct(values, 50);
    }
}
