-- Matching replies to clients. The matcher writes match_outcomes and match_candidates afresh on
-- every run; what a person decided lives in link_decisions and is never rewritten by the matcher.

-- What understanding now keeps for matching: the client's own words (quotes and signature
-- removed, capped) so that a re-run after a client-file re-import does not need the raw message,
-- and the receiving server's Authentication-Results verdicts.
ALTER TABLE replies ADD COLUMN own_text TEXT NOT NULL DEFAULT '';
ALTER TABLE replies ADD COLUMN signature TEXT NOT NULL DEFAULT '';
ALTER TABLE replies ADD COLUMN auth TEXT NOT NULL DEFAULT '{}';  -- JSON {"server", "dmarc", "dkim", "spf"}

CREATE TABLE match_outcomes (
    message_id       INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    reply_id         INTEGER NOT NULL,             -- the replies row that was matched
    status           TEXT NOT NULL,                -- linked | review | unmatched | skipped
    linked_by        TEXT NOT NULL DEFAULT '',     -- auto | person ('' when not linked)
    score            REAL NOT NULL DEFAULT 0,      -- best candidate's score
    gap              REAL NOT NULL DEFAULT 0,      -- best minus the runner-up
    reasons          TEXT NOT NULL DEFAULT '[]',   -- JSON: why it went to review, in words
    warnings         TEXT NOT NULL DEFAULT '[]',   -- JSON: [{"code": ..., "text": ...}]
    client_import_id INTEGER,                      -- the newest client import when matched
    matcher_version  TEXT NOT NULL,
    matched_at       TEXT NOT NULL
);

CREATE TABLE match_candidates (
    message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    client_code TEXT NOT NULL,
    rank        INTEGER NOT NULL,                  -- 1 = best
    score       REAL NOT NULL,
    linked      INTEGER NOT NULL DEFAULT 0,        -- 1 when the message is linked to this client
    evidence    TEXT NOT NULL DEFAULT '[]',        -- JSON: [{"signal", "weight", "text"}]
    PRIMARY KEY (message_id, client_code)
);

-- A person's decision on which client(s) a message speaks for (CLI or review workbook).
-- The latest row per (message, client) counts; earlier rows stay for the audit trail.
CREATE TABLE link_decisions (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    client_code TEXT NOT NULL,
    verdict     TEXT NOT NULL CHECK (verdict IN ('link', 'reject')),
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    source      TEXT NOT NULL,                     -- "cli", or "workbook FILE Sheet!A12"
    note        TEXT NOT NULL DEFAULT ''
);

CREATE INDEX match_outcomes_status ON match_outcomes(status);
CREATE INDEX match_candidates_client ON match_candidates(client_code, linked);
CREATE INDEX link_decisions_message ON link_decisions(message_id, client_code, id);
