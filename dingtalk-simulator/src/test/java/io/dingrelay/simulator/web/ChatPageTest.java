package io.dingrelay.simulator.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chat page in a real headless Chromium: a markdown message with an image, a Chinese heading and an @mention is
 * pushed through the webhook, the page renders it, and the screenshot shows it.
 */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class ChatPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TestHTTPResource("/")
    URL root;

    @Test
    void rendersMarkdownWithImageHeadingAndMentionLive() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is installed by the machine setup (apt-get install chromium)");
        Sim.G g = Sim.group("疫情通报群");
        String image = root.toString().replaceAll("/$", "") + "/img/sample.png";
        try (Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--no-first-run", "--disable-sync")))) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1000, 700));
            page.navigate(root + "?group=" + g.id());
            page.waitForSelector("body[data-ready='1']");

            // Pushed after the page is open: the page must pick it up by itself (live update).
            String md = "### 今日疫情数据 Daily report\\n\\n![chart](" + image + ")\\n\\n- 新增 **12** 例\\n\\n@13800000000 请查收";
            Sim.send(g, "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"日报\",\"text\":\"" + md + "\"},"
                    + "\"at\":{\"atMobiles\":[\"13800000000\"]}}", "10.7.0.1").statusCode(200);

            page.waitForFunction("() => { const i = document.querySelector('.message[data-msgtype=markdown] img');"
                    + " return i && i.complete && i.naturalWidth > 0; }");
            Locator bubble = page.locator(".message[data-msgtype=markdown] .bubble");
            assertThat(page.locator(".bubble h3").textContent()).isEqualTo("今日疫情数据 Daily report");
            assertThat(page.locator(".bubble h3").isVisible()).isTrue();
            assertThat(page.locator(".bubble .mention").first().textContent()).isEqualTo("@13800000000");
            assertThat(page.locator(".bubble strong").textContent()).isEqualTo("12");
            assertThat((Number) page.evaluate("document.querySelector('.bubble img').naturalWidth")).isEqualTo(96);
            assertThat(page.locator("#c-accepted").textContent()).isNotEqualTo("0");

            // Cards: an action card with two horizontal buttons and a feed card, rendered as buttons and links.
            Sim.send(g, "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"打卡\",\"text\":\"#### 今日打卡\","
                    + "\"btnOrientation\":\"1\",\"btns\":[{\"title\":\"已打卡\",\"actionURL\":\"https://example.com/a\"},"
                    + "{\"title\":\"咨询\",\"actionURL\":\"https://example.com/b\"}]}}", "10.7.0.1").statusCode(200);
            Sim.send(g, "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[{\"title\":\"防控指南\",\"messageURL\":\"https://example.com/1\","
                    + "\"picURL\":\"" + image + "\"},{\"title\":\"疫苗接种点\",\"messageURL\":\"https://example.com/2\",\"picURL\":\"" + image + "\"}]}}",
                    "10.7.0.1").statusCode(200);
            page.waitForSelector(".message[data-msgtype=feedCard]");
            assertThat(page.locator(".message[data-msgtype=actionCard] .buttons.horizontal a").allTextContents())
                    .containsExactly("已打卡", "咨询");
            assertThat(page.locator(".message[data-msgtype=actionCard] .buttons a").first().getAttribute("href"))
                    .isEqualTo("https://example.com/a");
            assertThat(page.locator(".message[data-msgtype=feedCard] .feed a span").allTextContents())
                    .containsExactly("防控指南", "疫苗接种点");

            byte[] png = bubble.screenshot();
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/chat-page-bubble.png"), png);
            Files.write(Path.of("target/chat-page.png"), page.screenshot());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(img.getWidth()).isGreaterThan(100);
            // The rendered image (a colour gradient) and the text make many distinct colours; a blank bubble has one or two.
            Set<Integer> colours = new HashSet<>();
            int dark = 0;
            for (int y = 0; y < img.getHeight(); y += 2) {
                for (int x = 0; x < img.getWidth(); x += 2) {
                    int rgb = img.getRGB(x, y) & 0xffffff;
                    colours.add(rgb);
                    int lum = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                    if (lum < 200) {
                        dark++;
                    }
                }
            }
            assertThat(colours.size()).as("distinct colours in the message bubble").isGreaterThan(200);
            assertThat(dark).as("dark (text) pixels in the message bubble").isGreaterThan(100);
        }
    }
}
