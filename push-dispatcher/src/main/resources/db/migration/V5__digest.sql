-- Issue 11 item 7, digest instead of a ban: an alerting campaign can ask that a group's backlog (more messages pending
-- than its robot may send in the coming minute) is merged into one markdown digest rather than sent one by one.
ALTER TABLE campaigns ADD COLUMN digest boolean NOT NULL DEFAULT false;

-- The message each run of a digest campaign sends, as its planner built it (template, vars, zone, fire time, dashboard
-- image): a digest renders the pending messages of several runs at once, and a campaign's vars may have changed
-- since (an alerting tool PATCHes them per alert), so they cannot be rebuilt from the campaign. Only digest runs
-- have a row; the pending deliveries a digest may merge are found through it.
CREATE TABLE run_messages (
    run_id   varchar(64) PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    message  jsonb       NOT NULL,
    fired_at timestamptz NOT NULL
);
CREATE INDEX run_messages_fired_at ON run_messages (fired_at);
