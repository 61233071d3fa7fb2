package io.dingrelay.screenshot.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool against Debian's real Chromium: pixels, CJK glyphs, timeouts, crashes, a missing browser or font. */
class BrowserPoolTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String FONTS = "'Noto Sans CJK SC', sans-serif";

    @TempDir
    static Path dir;
    static BrowserPool pool;
    static final AtomicInteger relaunches = new AtomicInteger();
    static final List<RenderFailure.Kind> outcomes = new ArrayList<>();

    @BeforeAll
    static void start() {
        pool = BrowserPool.start(options(CHROMIUM, Map.of()), new BrowserPool.Listener() {
            @Override
            public synchronized void rendered(RenderFailure.Kind failure, long nanos) {
                outcomes.add(failure);
            }

            @Override
            public void launched(boolean relaunch) {
                if (relaunch) {
                    relaunches.incrementAndGet();
                }
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.status().launches() > 0 || !pool.status().detail().startsWith("starting"));
        assertThat(pool.status().up()).as(pool.status().detail()).isTrue();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static BrowserPool.Options options(Path chromium, Map<String, String> env) {
        return new BrowserPool.Options(chromium, 2, Duration.ofSeconds(3), 50, 20, 5_000_000, FONTS, env);
    }

    @Test
    void waitsForTheReadyMarkerBeforeTheScreenshot() throws IOException {
        // The square turns red only 300 ms after load, together with the marker: a screenshot taken at load is white.
        String url = page("late.html", """
                <body style="margin:0"><div id="sq" style="width:100px;height:100px;background:#fff"></div>
                <script>setTimeout(() => { sq.style.background = '#ff0000'; document.body.dataset.ready = '1'; }, 300);</script>""");
        BufferedImage img = render(url, 320, 200);
        assertThat(img.getWidth()).isEqualTo(320);
        assertThat(img.getHeight()).isEqualTo(200);
        assertThat(img.getRGB(50, 50) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(200, 150) & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void chineseTextIsDrawnWithGlyphsNotBoxes() throws IOException {
        // Same text three ways: the dashboards' font stack, an explicitly named Noto CJK face (known to have the
        // glyphs), and unassigned code points (always the box). The first must look like the second, not the third.
        String style = "<body style=\"margin:0\"><div style=\"font: 40px %s; padding: 10px\">%s</div><script>document.body.dataset.ready='1'</script>";
        BufferedImage stack = render(page("cjk-stack.html", style.formatted(FONTS, "疫情每日简报")), 400, 80);
        BufferedImage noto = render(page("cjk-noto.html", style.formatted("'Noto Sans CJK SC'", "疫情每日简报")), 400, 80);
        BufferedImage boxes = render(page("cjk-boxes.html", style.formatted(FONTS, "\u0378\u0379\u0380\u0381\u0382\u0383")), 400, 80);
        BufferedImage other = render(page("cjk-other.html", style.formatted(FONTS, "确诊疑似治愈")), 400, 80);

        assertThat(ink(stack)).as("the text has ink").isGreaterThan(500);
        assertThat(difference(stack, noto)).as("same pixels as the known CJK font").isZero();
        assertThat(difference(stack, boxes)).as("not the boxes of missing glyphs").isGreaterThan(200);
        assertThat(difference(stack, other)).as("different characters look different").isGreaterThan(200);
    }

    @Test
    void aPageThatNeverBecomesReadyTimesOutAndItsPageIsReplaced() throws IOException {
        String never = page("never.html", "<body>never ready</body>");
        long start = System.nanoTime();
        assertThatThrownBy(() -> pool.render(new BrowserPool.Job(never, 300, 200, "body[data-ready]", false)).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RenderFailure.class)
                .satisfies(e -> assertThat(((RenderFailure) e).kind()).isEqualTo(RenderFailure.Kind.TIMEOUT))
                .hasMessageContaining("not ready within 3000 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(15_000);
        synchronized (this) {
            assertThat(outcomes).contains(RenderFailure.Kind.TIMEOUT);
        }
        // The pool still renders.
        assertThat(render(page("after-timeout.html", red()), 100, 100).getRGB(10, 10) & 0xffffff).isEqualTo(0xff0000);
    }

    @Test
    void aCrashedPageIsReplaced() throws IOException {
        // chrome://crash/ (with the slash) kills the page's renderer process.
        assertThatThrownBy(() -> pool.render(new BrowserPool.Job("chrome://crash/", 300, 200, "body[data-ready]", false)).join())
                .cause().isInstanceOf(RenderFailure.class)
                .satisfies(e -> assertThat(((RenderFailure) e).kind()).isEqualTo(RenderFailure.Kind.CRASH));
        assertThat(render(page("after-crash.html", red()), 100, 100).getRGB(10, 10) & 0xffffff).isEqualTo(0xff0000);
    }

    @Test
    void aKilledBrowserIsRelaunchedAndTheRenderStillSucceeds() throws IOException {
        render(page("before-kill.html", red()), 100, 100);
        int launchesBefore = pool.status().launches();
        // Every browser main process under this JVM: ours, and maybe one of a pool another test just closed.
        List<ProcessHandle> browsers = browserProcesses();
        assertThat(browsers).as("chromium browser processes").isNotEmpty();
        browsers.forEach(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(10)).until(() -> browsers.stream().noneMatch(ProcessHandle::isAlive));

        BufferedImage img = render(page("after-kill.html", red()), 100, 100);
        assertThat(img.getRGB(10, 10) & 0xffffff).isEqualTo(0xff0000);
        assertThat(pool.status().launches()).isEqualTo(launchesBefore + 1);
        assertThat(pool.status().up()).isTrue();
        assertThat(relaunches.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void renderStartsSeveralPagesAtOnce() throws IOException {
        String url = page("parallel.html", red());
        List<CompletableFuture<BrowserPool.Rendered>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(pool.render(new BrowserPool.Job(url, 120, 80, "body[data-ready]", false)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        for (CompletableFuture<BrowserPool.Rendered> f : all) {
            assertThat(decode(f.join().png()).getRGB(5, 5) & 0xffffff).isEqualTo(0xff0000);
        }
    }

    @Test
    void aMissingChromiumIsAClearReadinessFailure() {
        try (BrowserPool missing = BrowserPool.start(options(Path.of("/nonexistent/chromium"), Map.of()), quiet())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !missing.status().detail().startsWith("starting"));
            assertThat(missing.status().up()).isFalse();
            assertThat(missing.status().detail()).contains("/nonexistent/chromium").contains("apt-get install chromium");
            assertThatThrownBy(() -> missing.render(new BrowserPool.Job("about:blank", 100, 100, null, false)).join())
                    .cause().isInstanceOf(RenderFailure.class).hasMessageContaining("apt-get install chromium");
        }
    }

    @Test
    void withoutACjkFontTheRendererIsNotReadyAndSaysWhatToInstall() throws IOException {
        // A fontconfig that knows only DejaVu (Latin): Chinese has no glyphs, as on a machine without fonts-noto-cjk.
        Path conf = dir.resolve("latin-only-fonts.conf");
        Path cache = Files.createDirectories(dir.resolve("fc-cache"));
        Files.writeString(conf, """
                <?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
                <fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>%s</cachedir></fontconfig>
                """.formatted(cache));
        try (BrowserPool latin = BrowserPool.start(options(CHROMIUM, Map.of("FONTCONFIG_FILE", conf.toString())), quiet())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !latin.status().detail().startsWith("starting"));
            assertThat(latin.status().up()).isFalse();
            assertThat(latin.status().detail()).contains("No CJK font").contains("fonts-noto-cjk");
        }
    }

    static BrowserPool.Listener quiet() {
        return new BrowserPool.Listener() {
            @Override
            public void rendered(RenderFailure.Kind failure, long nanos) {
            }

            @Override
            public void launched(boolean relaunch) {
            }
        };
    }

    /** The browser's main process: a descendant of this JVM running Chromium without a --type= (renderer, gpu...). */
    static List<ProcessHandle> browserProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/chromium")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> java.util.Arrays.stream(a).noneMatch(x -> x.startsWith("--type="))).orElse(false))
                .filter(p -> p.info().arguments().map(a -> java.util.Arrays.stream(a).anyMatch(x -> x.contains("remote-debugging-pipe"))).orElse(false))
                .toList();
    }

    static String red() {
        return "<body style=\"margin:0;background:#ff0000\"><script>document.body.dataset.ready='1'</script></body>";
    }

    static String page(String name, String html) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>" + html + "</html>", StandardCharsets.UTF_8);
        return file.toUri().toString();
    }

    static BufferedImage render(String url, int w, int h) throws IOException {
        return decode(pool.render(new BrowserPool.Job(url, w, h, "body[data-ready]", false)).join().png());
    }

    static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Pixels darker than light grey. */
    static int ink(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xff) < 160) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Pixels that differ clearly between two images of the same size. */
    static int difference(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (Math.abs((a.getRGB(x, y) & 0xff) - (b.getRGB(x, y) & 0xff)) > 60) {
                    n++;
                }
            }
        }
        return n;
    }
}
