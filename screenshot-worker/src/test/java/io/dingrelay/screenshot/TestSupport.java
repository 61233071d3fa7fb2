package io.dingrelay.screenshot;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** What the worker's tests share: the admin token, metrics as numbers, pixels of PNGs. */
public final class TestSupport {

    public static final String TOKEN = "test-admin-token";

    private TestSupport() {
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    /** Polled as text: a RestAssured body matcher would print the whole scrape to the log on every miss. */
    public static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one sample, e.g. {@code dingrelay_screenshot_renders_total{outcome="ok"}}; 0 when absent. */
    public static double metric(String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + labels) + " ([0-9.eE+-]+)$").matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    public static double renders(String outcome) {
        return metric("dingrelay_screenshot_renders_total", "{outcome=\"" + outcome + "\"}");
    }

    public static BufferedImage png(byte[] bytes) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw new AssertionError("not a PNG (" + bytes.length + " bytes)");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pixels within {@code tolerance} of an RGB colour in each channel. */
    public static int pixelsOf(BufferedImage img, int rgb, int tolerance) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - r) <= tolerance && Math.abs(((p >> 8) & 0xff) - g) <= tolerance
                        && Math.abs((p & 0xff) - b) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Pixels that are not (near) white. */
    public static int nonWhite(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (((p >> 16) & 0xff) < 240 || ((p >> 8) & 0xff) < 240 || (p & 0xff) < 240) {
                    n++;
                }
            }
        }
        return n;
    }
}
