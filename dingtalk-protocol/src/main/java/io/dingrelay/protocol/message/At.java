package io.dingrelay.protocol.message;

import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.util.List;

/**
 * Whom a text or markdown message @s (§3.4). DingTalk only highlights a person if the mobile or
 * userId also appears in the text as {@code @…}; that is the caller's job.
 *
 * @param atMobiles mobile numbers; never null (empty when none)
 * @param atUserIds userIds; never null, at most {@link DingTalkLimits#MAX_AT_USER_IDS}
 * @param isAtAll   whether to @ everyone
 */
public record At(List<String> atMobiles, List<String> atUserIds, boolean isAtAll) {

    public At {
        atMobiles = Validation.strings(atMobiles, "at.atMobiles");
        atUserIds = Validation.strings(atUserIds, "at.atUserIds");
        if (atUserIds.size() > DingTalkLimits.MAX_AT_USER_IDS) {
            throw new MalformedMessageException(Problem.TOO_MANY_AT_USERS, "at.atUserIds",
                    "has " + atUserIds.size() + " entries, DingTalk allows at most " + DingTalkLimits.MAX_AT_USER_IDS);
        }
    }

    public static At userIds(String... userIds) {
        return new At(List.of(), userIds == null ? null : java.util.Arrays.asList(userIds), false);
    }

    public static At userIds(List<String> userIds) {
        return new At(List.of(), userIds, false);
    }

    public static At mobiles(String... mobiles) {
        return new At(mobiles == null ? null : java.util.Arrays.asList(mobiles), List.of(), false);
    }

    public static At all() {
        return new At(List.of(), List.of(), true);
    }
}
