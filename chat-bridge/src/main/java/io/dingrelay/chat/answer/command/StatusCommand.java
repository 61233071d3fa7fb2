package io.dingrelay.chat.answer.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.Question;
import io.dingrelay.chat.client.ScreenshotClient;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * 疫情 / status [dataset]: the latest figures of a dataset from the screenshot-worker, as markdown with the
 * dashboard image when the worker has one. When the worker is down the user is told so, politely.
 */
@ApplicationScoped
public class StatusCommand implements Command {

    /** The dataset names the worker accepts; anything else is refused here instead of being sent on. */
    private static final Pattern DATASET = Pattern.compile("[\\p{L}\\p{N}_.-]{1,64}");
    private static final int MAX_FIGURES = 12;

    private final ScreenshotClient screenshots;
    private final String defaultDataset;
    private final Map<String, String> dashboards;

    public StatusCommand(ScreenshotClient screenshots, ChatBridgeConfig config) {
        this.screenshots = screenshots;
        this.defaultDataset = config.status().defaultDataset();
        this.dashboards = config.status().dashboards();
    }

    @Override
    public List<String> names() {
        return List.of("疫情", "status");
    }

    @Override
    public String usage() {
        return "疫情 [数据集] —— 最新数据（默认 " + defaultDataset + "），有图表时附上";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Uni<Answer> run(Question question, String argument) {
        String dataset = argument.isBlank() ? defaultDataset : argument.strip();
        if (!DATASET.matcher(dataset).matches()) {
            return Uni.createFrom().item(Answer.text("commands", "数据集名称「" + dataset
                    + "」不对：只能用字母、数字、_ . -，最长 64 个字符。"));
        }
        return screenshots.latest(dataset).chain(latest -> switch (latest.result()) {
            case NOT_FOUND -> Uni.createFrom().item(Answer.text("commands", "没有找到数据集「" + dataset + "」。"));
            case UNAVAILABLE -> Uni.createFrom().item(Answer.text("commands", "数据服务暂时不可用，请稍后再发送「疫情」。"));
            case FOUND -> image(dataset).map(image -> figures(dataset, latest.body(), image.orElse(null)));
        });
    }

    private Uni<java.util.Optional<String>> image(String dataset) {
        String dashboard = dashboards.get(dataset);
        return dashboard == null ? Uni.createFrom().item(java.util.Optional.empty()) : screenshots.dashboardImage(dashboard);
    }

    /**
     * The screenshot-worker's latest figures as markdown: one line per metric with its day-on-day change, then the
     * dashboard image if there is one.
     */
    static Answer figures(String dataset, JsonNode body, String imageUrl) {
        String title = "疫情数据 · " + dataset;
        String day = body.path("day").asText("");
        StringBuilder md = new StringBuilder("#### ").append(title);
        if (!day.isEmpty()) {
            md.append("（").append(day).append("）");
        }
        md.append('\n');
        int shown = 0;
        JsonNode metrics = body.path("metrics");
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext() && shown < MAX_FIGURES; shown++) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = e.getValue();
            md.append("- ").append(e.getKey()).append("：").append(m.path("value").asText("—"));
            if (m.hasNonNull("delta")) {
                String delta = m.get("delta").asText();
                md.append("（较前日 ").append(delta.startsWith("-") ? delta : "+" + delta).append("）");
            }
            md.append('\n');
        }
        if (shown == 0) {
            md.append("暂无数据\n");
        }
        if (imageUrl != null) {
            md.append("\n![").append(title).append("](").append(imageUrl).append(")\n");
        }
        return Answer.markdown("commands", title, md.toString().strip());
    }
}
