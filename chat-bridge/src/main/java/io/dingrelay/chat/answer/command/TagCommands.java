package io.dingrelay.chat.answer.command;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.Question;
import io.dingrelay.chat.client.RegistryClient;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What 订阅 and 退订 share: look the group up in the registry by its conversation, change its tags, say what
 * happened in words a group member understands (the registry unreachable or not knowing the group included).
 */
final class TagCommands {

    private static final Logger LOG = Logger.getLogger(TagCommands.class);
    /**
     * The tags the registry accepts (its {@code WebhookRules}): letters (Chinese included), digits and _ . : / -,
     * at most 64. Checked here too so the member reads why in words, not the registry's field error.
     */
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_.:/-]{1,64}");

    private TagCommands() {
    }

    static Uni<Answer> change(RegistryClient registry, Question question, String argument, boolean add) {
        String verb = add ? "订阅" : "退订";
        String tag = argument.strip();
        if (tag.isEmpty()) {
            return answer("请写上要" + verb + "的标签，例如「" + verb + " 日报」。");
        }
        if (!TAG.matcher(tag).matches()) {
            return answer("标签「" + tag + "」不对：只能用文字、数字、_ . : / -，最长 64 个字符，不能有空格。");
        }
        return registry.groupOf(question.message().conversationId())
                .chain(group -> {
                    if (group.isEmpty()) {
                        return answer("本群还没有在推送系统登记，暂时不能" + verb + "。请联系管理员。");
                    }
                    List<String> tags = new ArrayList<>(group.get().tags());
                    boolean had = tags.contains(tag);
                    if (add == had) {
                        return answer(add ? "本群已经订阅了「" + tag + "」。" : "本群没有订阅「" + tag + "」。");
                    }
                    if (add) {
                        tags.add(tag);
                    } else {
                        tags.remove(tag);
                    }
                    return registry.setTags(group.get().id(), tags).map(now -> Answer.text("commands", add
                            ? "已订阅「" + tag + "」，相关推送会发到本群。当前订阅：" + String.join("、", now)
                            : "已退订「" + tag + "」。当前订阅：" + (now.isEmpty() ? "无" : String.join("、", now))));
                })
                .onFailure(RegistryClient.RegistryException.class).recoverWithItem(e -> {
                    RegistryClient.RegistryException failure = (RegistryClient.RegistryException) e;
                    LOG.warnf("Registry refused %s of tag %s for %s: %d %s", verb, tag,
                            question.message().conversationId(), failure.status(), failure.getMessage());
                    if (failure.status() == 400) {
                        return Answer.text("commands", verb + "失败：" + failure.getMessage());
                    }
                    return Answer.text("commands", "推送系统暂时不可用，请稍后再" + verb + "。");
                });
    }

    private static Uni<Answer> answer(String text) {
        return Uni.createFrom().item(Answer.text("commands", text));
    }
}
