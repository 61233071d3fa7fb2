-- The dispatcher's first schema: campaigns (what to send to whom, when), runs (one execution of a campaign) and
-- the delivery ledger (one row per run and target: the source of a run's counts, retries and replay).

CREATE TABLE campaigns (
    id            varchar(64)  PRIMARY KEY,
    name          varchar(200) NOT NULL,
    -- The DingTalk message JSON (or template) sent to every target.
    message       jsonb        NOT NULL,
    -- Audience: groups having any of these tags; empty = every active group.
    audience_tags text[]       NOT NULL DEFAULT '{}',
    -- Quartz cron and IANA zone; both null for an on-demand campaign.
    schedule_cron varchar(120),
    schedule_zone varchar(64),
    -- Dashboard rendered before each run and embedded as an image; null for none.
    dashboard_id  varchar(64),
    status        varchar(16)  NOT NULL DEFAULT 'ACTIVE',
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT campaigns_status_valid CHECK (status IN ('ACTIVE', 'PAUSED', 'ARCHIVED')),
    CONSTRAINT campaigns_schedule_whole CHECK ((schedule_cron IS NULL) = (schedule_zone IS NULL))
);

CREATE TABLE runs (
    id            varchar(64) PRIMARY KEY,
    campaign_id   varchar(64) NOT NULL REFERENCES campaigns (id),
    -- MANUAL (POST /runs), SCHEDULE (cron) or REPLAY (dead letters re-sent).
    trigger       varchar(16) NOT NULL,
    -- The cron slot a scheduled run is for.
    scheduled_for timestamptz,
    -- PLANNING (targets being read and batched), SENDING, FINISHED or CANCELLED.
    status        varchar(16) NOT NULL DEFAULT 'PLANNING',
    total         integer     NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    CONSTRAINT runs_trigger_valid CHECK (trigger IN ('MANUAL', 'SCHEDULE', 'REPLAY')),
    CONSTRAINT runs_status_valid CHECK (status IN ('PLANNING', 'SENDING', 'FINISHED', 'CANCELLED')),
    CONSTRAINT runs_slot_when_scheduled CHECK (trigger <> 'SCHEDULE' OR scheduled_for IS NOT NULL)
);
-- Every dispatcher replica fires the cron; only the one that inserts the slot's run goes on (one run per slot).
CREATE UNIQUE INDEX runs_one_per_schedule_slot ON runs (campaign_id, scheduled_for) WHERE trigger = 'SCHEDULE';
CREATE INDEX runs_campaign_created ON runs (campaign_id, created_at DESC);

-- The delivery ledger. runId + groupId is the delivery's identity: outcomes are applied idempotently on it.
CREATE TABLE deliveries (
    run_id          varchar(64)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    group_id        varchar(64)  NOT NULL,
    batch_id        varchar(64)  NOT NULL,
    -- PENDING until the first outcome, then the latest io.dingrelay.events.push.DeliveryStatus.
    status          varchar(16)  NOT NULL DEFAULT 'PENDING',
    attempts        integer      NOT NULL DEFAULT 0,
    -- DingTalk's last errcode (or failure name) and errmsg; never a credential.
    last_code       varchar(64),
    last_message    varchar(500),
    next_attempt_at timestamptz,
    delivered_at    timestamptz,
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, group_id),
    CONSTRAINT deliveries_status_valid CHECK (status IN
        ('PENDING', 'DELIVERED', 'THROTTLED', 'RETRY_SCHEDULED', 'FAILED', 'DEAD_LETTERED'))
);
-- A run's counts (GET /api/runs/{id}) and its deliveries by status (GET .../deliveries?status=).
CREATE INDEX deliveries_run_status ON deliveries (run_id, status);
