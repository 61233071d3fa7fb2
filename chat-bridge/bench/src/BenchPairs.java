import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic knowledge base of Chinese epidemic questions: 50 places × 20 topics × 10 question forms = 10,000
 * distinct questions, and questions as users type them (rephrased, shortened, with particles) to look up.
 */
final class BenchPairs {

    static final String[] PLACES = ("北京 上海 广州 深圳 杭州 南京 武汉 成都 重庆 西安 天津 苏州 长沙 郑州 青岛 沈阳 大连 厦门 "
            + "宁波 无锡 合肥 福州 济南 昆明 南昌 贵阳 南宁 太原 石家庄 哈尔滨 长春 兰州 海口 三亚 珠海 佛山 东莞 温州 "
            + "绍兴 嘉兴 常州 徐州 烟台 泉州 惠州 中山 洛阳 襄阳 宜昌 拉萨").split(" ");
    static final String[] TOPICS = ("新增病例 核酸检测 疫苗接种 隔离政策 发热门诊 口罩佩戴 出行限制 健康码 密接人员 "
            + "学校停课 医院就诊 无症状感染者 方舱医院 返乡政策 航班取消 物资供应 社区封控 风险地区 居家办公 退烧药").split(" ");
    static final String[] FORMS = {"%s%s最新情况是什么", "%s的%s怎么办理", "%s%s有哪些规定", "%s%s需要注意什么",
            "%s今天%s有多少", "%s%s在哪里查询", "%s%s什么时候结束", "%s%s如何预约", "%s%s要带什么材料", "%s%s的电话是多少"};

    private BenchPairs() {
    }

    /** The i-th question (0 ≤ i < 10,000). */
    static String question(int i) {
        String place = PLACES[i % PLACES.length];
        String topic = TOPICS[(i / PLACES.length) % TOPICS.length];
        String form = FORMS[(i / (PLACES.length * TOPICS.length)) % FORMS.length];
        return String.format(form, place, topic);
    }

    static String answer(int i) {
        return "关于「" + question(i) + "」：请以当地卫健委发布的最新通知为准（第 " + i + " 条）。";
    }

    /** {@code n} questions as users ask them: a known question's place and topic with other words, or unrelated. */
    static List<String> userQuestions(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] openers = {"请问", "", "想问一下", "", "你好，"};
        String[] closers = {"？", "", "吗", "啊", "呢？"};
        List<String> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int r = random.nextInt(10);
            String place = PLACES[random.nextInt(PLACES.length)];
            String topic = TOPICS[random.nextInt(TOPICS.length)];
            String q = switch (r) {
                case 0, 1, 2, 3 -> place + topic + "怎么样";
                case 4, 5 -> topic + place;
                case 6, 7 -> question(random.nextInt(10_000));
                case 8 -> "今天天气怎么样";
                default -> place + "有什么好吃的";
            };
            out.add(openers[random.nextInt(openers.length)] + q + closers[random.nextInt(closers.length)]);
        }
        return out;
    }
}
