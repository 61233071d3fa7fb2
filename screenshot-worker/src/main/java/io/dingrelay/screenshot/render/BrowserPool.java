package io.dingrelay.screenshot.render;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.ScreenshotAnimations;
import com.microsoft.playwright.options.ScreenshotType;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.microsoft.playwright.options.WaitUntilState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One headless Chromium (Debian's, driven by Playwright for Java, never a downloaded browser) and a pool of
 * warm pages that render dashboards to PNG.
 *
 * <p>Playwright for Java is not thread-safe: every call on it and on its objects must come from the thread that
 * created it. So one thread ({@code chromium-renderer}) owns Playwright, the browser and the pages; callers hand
 * it {@link Job}s and get a future. The pool still works in parallel where the time goes: the thread takes up to
 * {@code pages} queued jobs, starts each navigation on its own page, and only then waits for each page's ready
 * marker and takes its screenshot, so Chromium loads and draws the pages of a batch at the same time.
 *
 * <p>Failures, each counted by outcome: a page that does not become ready in time ({@link RenderFailure.Kind#TIMEOUT})
 * or whose renderer crashed ({@link RenderFailure.Kind#CRASH}) is closed and replaced; a browser that died is
 * relaunched and the batch's unfinished jobs are tried once more on the new one. The start-up check that CJK text
 * renders as glyphs, not empty boxes, runs on every launch; while it fails, or Chromium cannot start, the pool is
 * {@link Status#up() down} with a sentence that says what to install, and jobs fail at once with that sentence.
 */
public final class BrowserPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BrowserPool.class);
    /** A page idle this long gets a no-op script: the only way to learn that the browser died while nothing rendered. */
    private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Job POISON = new Job(null, 0, 0, null, false);

    /**
     * @param executable    the Chromium binary ({@code /usr/bin/chromium})
     * @param pages         pages kept open, and the most renders started at once
     * @param timeout       longest one render may take, from the moment a page starts on it
     * @param recycleAfter  renders after which a page is replaced by a fresh one
     * @param maxQueued     jobs that may wait; more are refused
     * @param maxImageBytes largest PNG accepted
     * @param fontFamily    CSS font stack the CJK check draws with (the dashboards' own)
     * @param env           extra environment of the browser process (tests point fontconfig elsewhere)
     */
    public record Options(Path executable, int pages, Duration timeout, int recycleAfter, int maxQueued,
            long maxImageBytes, String fontFamily, Map<String, String> env) {

        public Options {
            if (pages < 1) {
                throw new IllegalArgumentException("pages must be at least 1, was " + pages);
            }
            env = Map.copyOf(env);
        }
    }

    /**
     * What to render.
     *
     * @param url           the page
     * @param width         viewport width, CSS pixels
     * @param height        viewport height, CSS pixels
     * @param readySelector a selector that matches once the page has drawn; null = wait until the network is idle
     *                      (external pages that know nothing of our marker)
     * @param ownPage       one of our dashboard pages: after the ready marker, read {@code data-version} (the
     *                      version of the data it shows) and fail if {@code data-ready} says "error"
     */
    public record Job(String url, int width, int height, String readySelector, boolean ownPage) {
    }

    /**
     * @param png         the screenshot
     * @param pageVersion the page's {@code data-version} (our pages only)
     * @param millis      from the page starting on the job to the PNG in hand
     */
    public record Rendered(byte[] png, String pageVersion, long millis) {
    }

    /**
     * @param up       a browser is running and passed the CJK check
     * @param detail   what is wrong when down (what to install or configure), or the browser version when up
     * @param launches browser launches so far (1 after start; each crash adds one)
     */
    public record Status(boolean up, String detail, int launches) {
    }

    /** Told about every finished render and every relaunch (metrics). */
    public interface Listener {
        void rendered(RenderFailure.Kind failure, long nanos);

        void launched(boolean relaunch);
    }

    private final Options options;
    private final Listener listener;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private volatile Status status = new Status(false, "starting Chromium", 0);
    private volatile boolean closed;

    // Owned by the renderer thread only.
    private Playwright playwright;
    private Browser browser;
    private final Deque<Slot> idle = new ArrayDeque<>();
    private int launches;
    private long lastActivity = System.nanoTime();

    private BrowserPool(Options options, Listener listener) {
        this.options = options;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, options.maxQueued()));
        this.thread = new Thread(this::run, "chromium-renderer");
        this.thread.setDaemon(true);
    }

    /** Starts the renderer thread, which launches the browser at once (the cold start is paid here, not by a job). */
    public static BrowserPool start(Options options, Listener listener) {
        BrowserPool pool = new BrowserPool(options, listener);
        pool.thread.start();
        return pool;
    }

    public Status status() {
        return status;
    }

    /** Jobs waiting for a page. */
    public int queued() {
        return queue.size();
    }

    /** Queues a render; the future fails with {@link RenderFailure} (never with a Playwright exception). */
    public CompletableFuture<Rendered> render(Job job) {
        Pending pending = new Pending(job);
        if (closed) {
            pending.result.completeExceptionally(new RenderFailure(RenderFailure.Kind.UNAVAILABLE, "renderer is shut down"));
        } else if (!queue.offer(pending)) {
            pending.result.completeExceptionally(new RenderFailure(RenderFailure.Kind.BUSY,
                    "render queue full (" + options.maxQueued() + " waiting)"));
        }
        return pending.result;
    }

    @Override
    public void close() {
        closed = true;
        queue.offer(new Pending(POISON));
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        launch();
        while (!closed) {
            Pending first;
            try {
                first = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                probeWhenIdle();
                continue;
            }
            if (first.job == POISON) {
                break;
            }
            List<Pending> batch = new ArrayList<>(options.pages());
            batch.add(first);
            queue.drainTo(batch, options.pages() - 1);
            batch.removeIf(p -> p.job == POISON);
            renderBatch(batch, true);
            lastActivity = System.nanoTime();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.result.completeExceptionally(new RenderFailure(RenderFailure.Kind.UNAVAILABLE, "renderer is shut down")));
        shutDownBrowser();
        status = new Status(false, "shut down", launches);
    }

    private void renderBatch(List<Pending> batch, boolean mayRetry) {
        if (!ensureBrowser()) {
            batch.forEach(p -> fail(p, new RenderFailure(RenderFailure.Kind.UNAVAILABLE, status.detail())));
            return;
        }
        // Start every navigation first, then collect: Chromium loads and draws the pages side by side.
        for (Pending p : batch) {
            p.startNanos = System.nanoTime();
            try {
                p.slot = takeSlot();
                p.slot.page.setViewportSize(p.job.width(), p.job.height());
                p.response = p.slot.page.navigate(p.job.url(), new Page.NavigateOptions()
                        .setWaitUntil(WaitUntilState.COMMIT).setTimeout(remainingMillis(p)));
            } catch (PlaywrightException e) {
                p.error = e;
            }
        }
        for (Pending p : batch) {
            if (p.error == null) {
                try {
                    finish(p);
                } catch (PlaywrightException e) {
                    p.error = e;
                }
            }
        }
        boolean browserDied = browser == null || !browser.isConnected();
        List<Pending> retry = new ArrayList<>();
        for (Pending p : batch) {
            if (p.error == null) {
                continue;
            }
            if (browserDied && mayRetry && !(p.error instanceof RenderFailureException)) {
                retry.add(p);
                continue;
            }
            RenderFailure failure = classify(p);
            releaseSlot(p.slot, failure.kind() != RenderFailure.Kind.ERROR);
            p.slot = null;
            fail(p, failure);
        }
        batch.stream().filter(p -> p.error == null).forEach(p -> releaseSlot(p.slot, false));
        if (!retry.isEmpty()) {
            LOG.warnf("Chromium died during %d render(s); relaunching and trying them once more", retry.size());
            retry.forEach(p -> {
                p.error = null;
                p.response = null;
                p.slot = null;
            });
            renderBatch(retry, false);
        }
    }

    private void finish(Pending p) {
        Page page = p.slot.page;
        if (p.response != null && p.response.status() >= 400) {
            throw new RenderFailureException(new RenderFailure(RenderFailure.Kind.ERROR,
                    "page answered HTTP " + p.response.status() + " for " + p.job.url()));
        }
        if (p.job.readySelector() != null) {
            page.waitForSelector(p.job.readySelector(), new Page.WaitForSelectorOptions()
                    .setState(WaitForSelectorState.ATTACHED).setTimeout(remainingMillis(p)));
        } else {
            page.waitForLoadState(LoadState.NETWORKIDLE, new Page.WaitForLoadStateOptions().setTimeout(remainingMillis(p)));
        }
        String version = null;
        if (p.job.ownPage()) {
            @SuppressWarnings("unchecked")
            List<Object> state = (List<Object>) page.evaluate(
                    "() => [document.body.dataset.ready || null, document.body.dataset.version || null, document.body.dataset.error || null]");
            if ("error".equals(state.get(0))) {
                throw new RenderFailureException(new RenderFailure(RenderFailure.Kind.ERROR,
                        "the page's script failed: " + state.get(2)));
            }
            version = (String) state.get(1);
        }
        byte[] png = capture(p);
        if (png.length > options.maxImageBytes()) {
            throw new RenderFailureException(new RenderFailure(RenderFailure.Kind.ERROR,
                    "screenshot is " + png.length + " bytes, more than the limit of " + options.maxImageBytes()));
        }
        long nanos = System.nanoTime() - p.startNanos;
        listener.rendered(null, nanos);
        p.result.complete(new Rendered(png, version, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }

    /**
     * The viewport as PNG. Chromium's own {@code Page.captureScreenshot} with {@code optimizeForSpeed} (a faster
     * zlib level: larger files, same pixels) takes ~45 ms where Playwright's screenshot with animations disabled
     * took ~125 ms of a ~370 ms render (measured 2026-12-02, see bench/RESULTS.md). Our pages draw without
     * animation, so Playwright's animation freezing buys nothing. External pages, and any CDP failure, fall back to
     * Playwright's screenshot.
     */
    private byte[] capture(Pending p) {
        if (p.job.ownPage() && p.slot.cdp != null) {
            try {
                JsonObject params = new JsonObject();
                params.addProperty("format", "png");
                params.addProperty("optimizeForSpeed", true);
                JsonObject shot = p.slot.cdp.send("Page.captureScreenshot", params);
                return Base64.getDecoder().decode(shot.get("data").getAsString());
            } catch (PlaywrightException e) {
                LOG.debugf("CDP screenshot failed, using Playwright's: %s", firstLine(e.getMessage()));
            }
        }
        return p.slot.page.screenshot(new Page.ScreenshotOptions().setType(ScreenshotType.PNG)
                .setAnimations(ScreenshotAnimations.DISABLED).setTimeout(remainingMillis(p)));
    }

    private RenderFailure classify(Pending p) {
        if (p.error instanceof RenderFailureException rf) {
            return rf.failure;
        }
        String message = firstLine(p.error.getMessage());
        if ((p.slot != null && p.slot.crashed) || message.contains("crashed")) {
            return new RenderFailure(RenderFailure.Kind.CRASH, "the page crashed while rendering " + p.job.url());
        }
        if (p.error instanceof TimeoutError) {
            return new RenderFailure(RenderFailure.Kind.TIMEOUT, "not ready within " + options.timeout().toMillis()
                    + " ms: " + p.job.url());
        }
        if (browser == null || !browser.isConnected()) {
            return new RenderFailure(RenderFailure.Kind.CRASH, "Chromium died while rendering: " + message);
        }
        // The crash event can arrive after the failed call: a page that cannot run a script any more crashed.
        if (p.slot != null && !pageAlive(p.slot)) {
            return new RenderFailure(RenderFailure.Kind.CRASH, "the page crashed while rendering " + p.job.url());
        }
        return new RenderFailure(RenderFailure.Kind.ERROR, message);
    }

    private static boolean pageAlive(Slot slot) {
        try {
            slot.page.evaluate("() => 1");
            return !slot.crashed;
        } catch (PlaywrightException e) {
            slot.crashed = true;
            return false;
        }
    }

    private void fail(Pending p, RenderFailure failure) {
        listener.rendered(failure.kind(), p.startNanos == 0 ? 0 : System.nanoTime() - p.startNanos);
        p.result.completeExceptionally(failure);
    }

    private double remainingMillis(Pending p) {
        long left = options.timeout().toNanos() - (System.nanoTime() - p.startNanos);
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }

    private Slot takeSlot() {
        Slot slot = idle.pollFirst();
        return slot != null ? slot : newSlot();
    }

    /** Back to the pool, or closed and replaced when it timed out, crashed or served its renders. */
    private void releaseSlot(Slot slot, boolean discard) {
        if (slot == null) {
            return;
        }
        slot.uses++;
        if (!discard && !slot.crashed && slot.uses < options.recycleAfter() && !slot.page.isClosed()) {
            idle.addLast(slot);
            return;
        }
        try {
            slot.page.close();
        } catch (PlaywrightException e) {
            LOG.debugf("closing a recycled page: %s", firstLine(e.getMessage()));
        }
        if (browser != null && browser.isConnected()) {
            try {
                idle.addLast(newSlot());
            } catch (PlaywrightException e) {
                LOG.warnf("could not open a replacement page: %s", firstLine(e.getMessage()));
            }
        }
    }

    private Slot newSlot() {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(800, 600));
        page.setDefaultTimeout(options.timeout().toMillis());
        Slot slot = new Slot(page, openCdp(page));
        page.onCrash(p -> slot.crashed = true);
        return slot;
    }

    private static CDPSession openCdp(Page page) {
        try {
            return page.context().newCDPSession(page);
        } catch (PlaywrightException e) {
            LOG.debugf("no CDP session for a pooled page (Playwright's screenshot is used): %s", firstLine(e.getMessage()));
            return null;
        }
    }

    private void probeWhenIdle() {
        if (System.nanoTime() - lastActivity < PROBE_EVERY_NANOS) {
            return;
        }
        lastActivity = System.nanoTime();
        if (browser == null || !browser.isConnected()) {
            ensureBrowser();
            return;
        }
        Slot slot = idle.peekFirst();
        try {
            if (slot != null) {
                slot.page.evaluate("() => 1");
            } else {
                browser.newContext().close();
            }
        } catch (PlaywrightException e) {
            if (!browser.isConnected()) {
                LOG.warn("Chromium died while idle; relaunching");
                ensureBrowser();
            } else if (slot != null) {
                idle.remove(slot);
                releaseSlot(slot, true);
            }
        }
    }

    /** A connected, checked browser with its pages, launching or relaunching one if needed. */
    private boolean ensureBrowser() {
        if (browser != null && browser.isConnected()) {
            // Up, or down for a reason a relaunch does not cure (no CJK font: install it and restart).
            return status.up();
        }
        if (browser != null) {
            LOG.warn("Chromium is gone; relaunching");
        }
        return launch();
    }

    private boolean launch() {
        boolean relaunch = launches > 0;
        shutDownBrowserOnly();
        if (!Files.isExecutable(options.executable())) {
            status = new Status(false, "Chromium not found or not executable at " + options.executable()
                    + ": install Debian's package (apt-get install chromium) or set dingrelay.screenshot.chromium-path",
                    launches);
            LOG.error(status.detail());
            return false;
        }
        try {
            if (playwright == null) {
                // The driver (Node.js) comes inside the Playwright jar; no browser is ever downloaded.
                playwright = Playwright.create(new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            }
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(options.env());
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(options.executable())
                    .setHeadless(true)
                    .setEnv(env)
                    .setTimeout(Math.max(30_000, options.timeout().toMillis()))
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--no-first-run", "--disable-sync",
                            "--disable-dev-shm-usage", "--hide-scrollbars", "--font-render-hinting=none")));
            launches++;
            listener.launched(relaunch);
        } catch (PlaywrightException e) {
            status = new Status(false, "Chromium at " + options.executable() + " did not start: " + firstLine(e.getMessage()),
                    launches);
            LOG.error(status.detail());
            closePlaywright();
            return false;
        }
        try {
            Slot first = newSlot();
            String cjk = CjkFontCheck.problem(first.page, options.fontFamily());
            if (cjk != null) {
                status = new Status(false, cjk, launches);
                LOG.error(cjk);
                first.page.close();
                return false;
            }
            idle.addLast(first);
            while (idle.size() < options.pages()) {
                idle.addLast(newSlot());
            }
            status = new Status(true, "Chromium " + browser.version() + ", " + options.pages() + " pages", launches);
            LOG.infof("%s %s", relaunch ? "Relaunched" : "Launched", status.detail());
            return true;
        } catch (PlaywrightException e) {
            status = new Status(false, "Chromium started but a page could not be opened: " + firstLine(e.getMessage()),
                    launches);
            LOG.error(status.detail());
            return false;
        }
    }

    private void shutDownBrowser() {
        shutDownBrowserOnly();
        closePlaywright();
    }

    private void shutDownBrowserOnly() {
        idle.clear();
        if (browser != null) {
            try {
                browser.close();
            } catch (PlaywrightException e) {
                LOG.debugf("closing a dead browser: %s", firstLine(e.getMessage()));
            }
            browser = null;
        }
    }

    private void closePlaywright() {
        if (playwright != null) {
            try {
                playwright.close();
            } catch (PlaywrightException e) {
                LOG.debugf("closing Playwright: %s", firstLine(e.getMessage()));
            }
            playwright = null;
        }
    }

    /** Playwright's message without its stack: {@code Error { message='net::ERR_...' ...}} becomes the inner message. */
    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int inner = message.indexOf("message='");
        if (inner >= 0) {
            int end = message.indexOf('\n', inner);
            String m = message.substring(inner + 9, end < 0 ? message.length() : end);
            return m.endsWith("'") ? m.substring(0, m.length() - 1) : m;
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static final class Slot {
        final Page page;
        /** The page's DevTools session for the fast screenshot; null when it could not be opened. */
        final CDPSession cdp;
        int uses;
        volatile boolean crashed;

        Slot(Page page, CDPSession cdp) {
            this.page = page;
            this.cdp = cdp;
        }
    }

    private static final class Pending {
        final Job job;
        final CompletableFuture<Rendered> result = new CompletableFuture<>();
        long startNanos;
        Slot slot;
        Response response;
        RuntimeException error;

        Pending(Job job) {
            this.job = job;
        }
    }

    /** Carries a failure we decided on (not Playwright's) through the batch's error path. */
    private static final class RenderFailureException extends PlaywrightException {
        final RenderFailure failure;

        RenderFailureException(RenderFailure failure) {
            super(failure.getMessage());
            this.failure = failure;
        }
    }
}
