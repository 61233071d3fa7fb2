-- The delivery path (issue 10): campaigns with templates, audiences and staggered schedules; runs that are claimed
-- by one planner at a time and created once per idempotency key; the ledger's full state machine.

ALTER TABLE campaigns
    -- Audience by explicit group ids (besides audience_tags); both empty = every active group.
    ADD COLUMN audience_group_ids text[]  NOT NULL DEFAULT '{}',
    -- Optional audience restriction to one kind (CUSTOM_WEBHOOK, ENTERPRISE_ROBOT, COOL_APP); null = every kind.
    ADD COLUMN audience_kind      varchar(32),
    -- The template's own variables ({{vars.<key>}}).
    ADD COLUMN vars               jsonb    NOT NULL DEFAULT '{}',
    -- A scheduled run spreads its sends over this many seconds after the fire time (0 = as fast as allowed).
    ADD COLUMN stagger_seconds    integer  NOT NULL DEFAULT 0,
    -- Missed-fire policy: a slot found less than this late still runs once; later it is recorded as MISSED.
    ADD COLUMN grace_seconds      integer  NOT NULL DEFAULT 600,
    -- The audience's size when last validated or planned: paces a staggered run.
    ADD COLUMN audience_size      integer  NOT NULL DEFAULT 0,
    ADD CONSTRAINT campaigns_stagger_valid CHECK (stagger_seconds >= 0),
    ADD CONSTRAINT campaigns_grace_valid CHECK (grace_seconds >= 0);

ALTER TABLE runs DROP CONSTRAINT runs_status_valid;
ALTER TABLE runs
    ADD CONSTRAINT runs_status_valid CHECK (status IN ('PLANNING', 'SENDING', 'FINISHED', 'CANCELLED', 'MISSED')),
    -- POST /runs with an Idempotency-Key header: the same key for the same campaign is the same run.
    ADD COLUMN idempotency_key    varchar(200),
    -- The replica planning the run and its last sign of life: a stale heartbeat lets another replica take over.
    ADD COLUMN planner_id         varchar(100),
    ADD COLUMN planner_heartbeat  timestamptz,
    -- Batches already on push.batches: a planner taking over skips them instead of publishing them twice.
    ADD COLUMN batches_published  integer     NOT NULL DEFAULT 0,
    ADD COLUMN planned_at         timestamptz,
    ADD COLUMN duration_ms        bigint,
    -- Why a run did not run (MISSED: how late it was found).
    ADD COLUMN reason             varchar(300);
CREATE UNIQUE INDEX runs_one_per_idempotency_key ON runs (campaign_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX runs_active ON runs (status) WHERE status IN ('PLANNING', 'SENDING');

ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_valid;
ALTER TABLE deliveries ALTER COLUMN status SET DEFAULT 'PLANNED';
UPDATE deliveries SET status = 'PLANNED' WHERE status = 'PENDING';
ALTER TABLE deliveries
    ADD CONSTRAINT deliveries_status_valid CHECK (status IN
        ('PLANNED', 'SENDING', 'DELIVERED', 'THROTTLED', 'RETRY_SCHEDULED', 'FAILED', 'DEAD_LETTERED')),
    -- CUSTOM_WEBHOOK, ENTERPRISE_ROBOT or COOL_APP: the progress API counts per kind.
    ADD COLUMN kind varchar(32) NOT NULL DEFAULT 'CUSTOM_WEBHOOK';
-- The last minute's rate (GET /api/runs/{id}).
CREATE INDEX deliveries_run_delivered_at ON deliveries (run_id, delivered_at) WHERE delivered_at IS NOT NULL;

-- Slots before this are never fired: set at creation and on resume (a paused campaign's slots are skipped, not
-- caught up when it resumes).
ALTER TABLE campaigns ADD COLUMN active_since timestamptz NOT NULL DEFAULT now();
-- The zone dates and times are rendered in (a scheduled campaign's schedule_zone; on-demand campaigns have one too).
ALTER TABLE campaigns ADD COLUMN zone varchar(64) NOT NULL DEFAULT 'Asia/Shanghai';
