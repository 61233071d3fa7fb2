package io.dingrelay.simulator.group;

/** What happened to a group or its robot; anything but ACTIVE makes sends fail with DingTalk's errcode. */
public enum GroupState {
    ACTIVE,
    /** The group was disbanded (群已被解散, 400013). */
    DISBANDED,
    /** The robot was stopped (机器人已停用, 400102). */
    ROBOT_STOPPED,
    /** The robot was removed or its token reset: the access_token no longer exists. */
    TOKEN_REVOKED
}
