-- Issue 11: a run pauses when an organisation's monthly send quota is used up (flow-control REFUSES the send) or when
-- an operator pauses it, and an operator resumes it. The reason is what the run's API shows ("monthly quota of corp X
-- exhausted"). A SENDING run becomes PAUSED; a run paused while still PLANNING keeps planning (its batches must all be
-- published) and becomes PAUSED instead of SENDING when planning ends. While the reason is set, senders park the
-- run's deliveries on a retry topic (THROTTLED, no attempt used) instead of sending them.
ALTER TABLE runs ADD COLUMN pause_reason text, ADD COLUMN paused_at timestamptz;
ALTER TABLE runs DROP CONSTRAINT runs_status_valid,
    ADD CONSTRAINT runs_status_valid CHECK (status IN ('PLANNING', 'SENDING', 'PAUSED', 'FINISHED', 'CANCELLED', 'MISSED'));
DROP INDEX IF EXISTS runs_active;
CREATE INDEX runs_active ON runs (status) WHERE status IN ('PLANNING', 'SENDING', 'PAUSED');
CREATE INDEX runs_paused ON runs (id) WHERE pause_reason IS NOT NULL;
