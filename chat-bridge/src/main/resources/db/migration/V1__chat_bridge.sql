-- Messages chat-bridge has claimed or answered: the de-duplication on DingTalk's msgId that survives restarts.
-- 'claimed' while an answer is being given (with the lease start), 'answered' once DingTalk accepted it.
CREATE TABLE handled_messages (
    msg_id          text PRIMARY KEY,
    conversation_id text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('claimed', 'answered')),
    claimed_at      timestamptz NOT NULL,
    answered_at     timestamptz,
    answerer        text,
    channel         text
);
CREATE INDEX handled_messages_claimed_at ON handled_messages (claimed_at);

-- The FAQ knowledge base; the Lucene index is rebuilt from here on start.
CREATE TABLE faq_pairs (
    id         bigserial PRIMARY KEY,
    question   text        NOT NULL,
    answer     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX faq_pairs_question ON faq_pairs (question);

-- Bumped in the same transaction as every FAQ change, so other replicas notice and rebuild their index.
CREATE TABLE faq_revision (
    id       int PRIMARY KEY CHECK (id = 1),
    revision bigint NOT NULL
);
INSERT INTO faq_revision (id, revision) VALUES (1, 0);

-- One check-in per user per group per day (Asia/Shanghai days); a second one the same day corrects the first.
CREATE TABLE check_ins (
    conversation_id text        NOT NULL,
    day             date        NOT NULL,
    user_id         text        NOT NULL,
    nick            text,
    note            text        NOT NULL,
    checked_in_at   timestamptz NOT NULL,
    corrections     int         NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, day, user_id)
);
