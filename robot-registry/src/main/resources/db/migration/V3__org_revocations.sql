-- Organisation revocations are keyed by corpId on dingtalk.robot-events, group events by conversation: they can
-- be read in any order. The latest revocation per app and corp is kept, so a group event older than it (read
-- after it) still leaves the group disabled.
CREATE TABLE org_revocations (
    app        varchar(64) NOT NULL,
    corp_id    varchar(64) NOT NULL,
    revoked_at timestamptz NOT NULL,
    PRIMARY KEY (app, corp_id)
);
