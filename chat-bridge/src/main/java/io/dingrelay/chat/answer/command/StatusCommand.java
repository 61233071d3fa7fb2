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

    public StatusCommand(ScreenshotClient screenshots, ChatBridgeConfig config) {
        this.screenshots = screenshots;
        this.defaultDataset = config.status().defaultDataset();
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
        return screenshots.latest(dataset).map(latest -> switch (latest.result()) {
            case NOT_FOUND -> Answer.text("commands", "没有找到数据集「" + dataset + "」。");
            case UNAVAILABLE -> Answer.text("commands", "数据服务暂时不可用，请稍后再发送「疫情」。");
            case FOUND -> figures(dataset, latest.body());
        });
    }

    /**
     * Reads {@code {"dataset","title","at","values":{name:number},"imageUrl"}}; {@code figures} or {@code point}
     * are accepted for the values and {@code image}/{@code dashboardImageUrl} for the image.
     */
    static Answer figures(String dataset, JsonNode body) {
        String title = text(body, "title", dataset);
        String at = text(body, "at", text(body, "updatedAt", ""));
        JsonNode values = first(body, "values", "figures", "point");
        StringBuilder md = new StringBuilder("#### ").append(title);
        if (!at.isEmpty()) {
            md.append("（").append(at).append("）");
        }
        md.append('\n');
        int shown = 0;
        if (values != null && values.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext() && shown < MAX_FIGURES; shown++) {
                Map.Entry<String, JsonNode> e = it.next();
                md.append("- ").append(e.getKey()).append("：").append(e.getValue().asText()).append('\n');
            }
        }
        if (shown == 0) {
            md.append("暂无数据\n");
        }
        JsonNode image = first(body, "imageUrl", "image", "dashboardImageUrl");
        if (image != null && image.isTextual() && image.asText().startsWith("http")) {
            md.append("\n![").append(title).append("](").append(image.asText()).append(")\n");
        }
        return Answer.markdown("commands", title, md.toString().strip());
    }

    private static JsonNode first(JsonNode body, String... names) {
        for (String name : names) {
            if (body.hasNonNull(name)) {
                return body.get(name);
            }
        }
        return null;
    }

    private static String text(JsonNode body, String name, String otherwise) {
        return body.hasNonNull(name) ? body.get(name).asText() : otherwise;
    }
}
