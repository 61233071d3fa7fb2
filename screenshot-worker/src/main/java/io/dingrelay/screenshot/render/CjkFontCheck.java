package io.dingrelay.screenshot.render;

import com.microsoft.playwright.Page;
import java.util.List;

/**
 * Checks that Chinese text renders as glyphs. Without a CJK font Chromium draws every Han character as the same
 * empty box (tofu), so two different characters give identical pixels, equal to those of an unassigned code point.
 * The check draws 中, 国 and U+0378 (unassigned) on a canvas in the dashboards' font stack and compares.
 */
final class CjkFontCheck {

    private static final String SCRIPT = """
            (font) => {
              const c = document.createElement('canvas');
              c.width = 48; c.height = 48;
              const g = c.getContext('2d');
              const draw = (t) => {
                g.clearRect(0, 0, 48, 48);
                g.fillStyle = '#000';
                g.font = '32px ' + font;
                g.fillText(t, 4, 38);
                const d = g.getImageData(0, 0, 48, 48).data;
                let ink = 0, hash = 0;
                for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) ink++; hash = (hash * 31 + d[i]) | 0; }
                return [ink, hash];
              };
              const a = draw('\\u4e2d'), b = draw('\\u56fd'), tofu = draw('\\u0378');
              return [a[0], b[0], a[1] === b[1] ? 1 : 0, a[1] === tofu[1] ? 1 : 0];
            }
            """;

    private CjkFontCheck() {
    }

    /** Null when CJK renders; otherwise the sentence for the readiness check and the log. */
    static String problem(Page page, String fontFamily) {
        @SuppressWarnings("unchecked")
        List<Number> r = (List<Number>) page.evaluate(SCRIPT, fontFamily);
        boolean blank = r.get(0).intValue() == 0 || r.get(1).intValue() == 0;
        boolean sameGlyph = r.get(2).intValue() == 1 || r.get(3).intValue() == 1;
        if (blank || sameGlyph) {
            return "No CJK font: Chinese text would render as empty boxes (" + (blank ? "no ink" : "identical glyphs")
                    + " for 中/国 in " + fontFamily + "); install Debian's fonts-noto-cjk and restart";
        }
        return null;
    }
}
