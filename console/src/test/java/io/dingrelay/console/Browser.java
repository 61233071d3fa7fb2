package io.dingrelay.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Debian's Chromium driven by Playwright for Java (never a downloaded browser), and the checks every screenshot of
 * a console page passes: it is not blank, and its Chinese text is drawn as glyphs, not as empty boxes.
 */
final class Browser implements AutoCloseable {

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    Browser() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(System.getProperty("dingrelay.test.chromium", "/usr/bin/chromium")))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage")));
    }

    BrowserContext context(String baseUrl) {
        BrowserContext c = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(baseUrl).setViewportSize(1280, 900).setLocale("zh-CN"));
        c.setDefaultTimeout(30_000);
        return c;
    }

    /**
     * Saves a full-page screenshot to {@code target/screenshots/<name>.png} (and {@code also}, when given) and checks
     * that it is not blank and that the CJK text in {@code cjkSelector} is rendered.
     */
    static Path screenshot(Page page, String name, String cjkSelector, Path also) {
        byte[] png = page.screenshot(new Page.ScreenshotOptions().setFullPage(true));
        Path out = ConsoleStack.repoRoot().resolve("console/target/screenshots").resolve(name + ".png");
        try {
            Files.createDirectories(out.getParent());
            Files.write(out, png);
            if (also != null) {
                Files.createDirectories(also.getParent());
                Files.write(also, png);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(luminanceStdDev(png)).as("pixel spread of the %s screenshot (0 = one flat colour)", name).isGreaterThan(10.0);
        assertCjkRendered(page, cjkSelector);
        return out;
    }

    /** Standard deviation of the luminance over the picture: a blank page is ~0. */
    static double luminanceStdDev(byte[] png) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        double sum = 0, sq = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                sum += l;
                sq += l * l;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sq / n - mean * mean));
    }

    /**
     * Each CJK character of the element's text, drawn in the element's own font on a canvas, must differ from the
     * box drawn for an unassigned code point (U+0378): without a CJK font every character is that same box.
     */
    static void assertCjkRendered(Page page, String selector) {
        Object result = page.evaluate("""
                sel => {
                  const el = document.querySelector(sel);
                  if (!el) return 'no element ' + sel;
                  const chars = [...new Set([...el.textContent].filter(c => /[\\u4e00-\\u9fff]/.test(c)))];
                  if (chars.length === 0) return 'no CJK text in ' + sel;
                  const font = getComputedStyle(el).fontSize + ' ' + getComputedStyle(el).fontFamily;
                  const draw = c => { const cv = document.createElement('canvas'); cv.width = 40; cv.height = 40;
                    const g = cv.getContext('2d'); g.font = font; g.fillStyle = '#000'; g.textBaseline = 'top';
                    g.fillText(c, 2, 2); return Array.from(g.getImageData(0, 0, 40, 40).data).join(','); };
                  const tofu = draw('\\u0378');
                  const boxed = chars.filter(c => draw(c) === tofu);
                  return boxed.length === 0 ? 'ok' : 'drawn as boxes: ' + boxed.join('');
                }""", selector);
        assertThat(result).as("CJK text of %s", selector).isEqualTo("ok");
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
