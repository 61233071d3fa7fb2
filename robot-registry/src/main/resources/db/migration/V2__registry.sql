-- The registry made real (issue 9): tags as an array on the group (the audience streams one row per group
-- without a join), credentials' masked forms and token fingerprint, event ordering and delivery health.

ALTER TABLE groups RENAME COLUMN name TO title;
-- Groups learnt from robot events may come without a title.
ALTER TABLE groups ALTER COLUMN title DROP NOT NULL;

ALTER TABLE groups ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
UPDATE groups g SET tags = t.tags
  FROM (SELECT group_id, array_agg(tag ORDER BY tag) AS tags FROM group_tags GROUP BY group_id) t
 WHERE t.group_id = g.id;
DROP TABLE group_tags;
-- Audience and list filters by tag (tags && / @>).
CREATE INDEX groups_tags ON groups USING gin (tags);

-- SHA-256 (hex) of a webhook's access_token: "the same token registered twice" is found without decrypting
-- anything. The token is 256 random bits, so its hash reveals nothing usable.
ALTER TABLE groups ADD COLUMN webhook_token_hash char(64);
CREATE UNIQUE INDEX groups_webhook_token ON groups (webhook_token_hash) WHERE webhook_token_hash IS NOT NULL;
-- What the API shows (keyring's Masking), kept so that listing never decrypts.
ALTER TABLE groups ADD COLUMN webhook_masked varchar(600);
ALTER TABLE groups ADD COLUMN secret_masked varchar(16);

-- Time (DingTalk's) of the last robot event applied: an older event arriving later changes nothing.
ALTER TABLE groups ADD COLUMN last_event_at timestamptz;
-- Delivery health from push.outcomes.
ALTER TABLE groups ADD COLUMN last_outcome varchar(24);
ALTER TABLE groups ADD COLUMN last_outcome_at timestamptz;
-- Start of the current run of retryable failures; past dingrelay.registry.failure-window the group is DISABLED.
ALTER TABLE groups ADD COLUMN failing_since timestamptz;

-- Organisation revocation disables every group of a corp.
CREATE INDEX groups_corp ON groups (corp_id) WHERE corp_id IS NOT NULL;
-- (No index for key rotation: it walks the table once in id order; an index on crypto_key_id would cost every
-- insert for a rare operation.)

ALTER TABLE groups ADD CONSTRAINT groups_openapi_present
    CHECK (kind = 'CUSTOM_WEBHOOK' OR (app IS NOT NULL AND open_conversation_id IS NOT NULL));
