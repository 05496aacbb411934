-- People's decisions per client (review workbook, CLI). decision_history keeps every decision
-- with who, when and where it came from; decisions holds the current one per client (the stamping
-- stage reads it to skip clients who confirmed or refused).
--   confirmed: invoices go to `address` (+ `copies`)       refused: keep posting (paper)
--   rejected:  the proposal was wrong; still pending        remind: chase the client; still pending

CREATE TABLE decision_history (
    id          INTEGER PRIMARY KEY,
    client_code TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('confirmed', 'refused', 'rejected', 'remind')),
    address     TEXT NOT NULL DEFAULT '',
    copies      TEXT NOT NULL DEFAULT '[]',      -- JSON list
    message_id  INTEGER,                         -- the reply the decision rests on (evidence), if any
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    source      TEXT NOT NULL,                   -- "workbook FILE Revue!E12", "cli", ...
    comment     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE decisions (
    client_code TEXT PRIMARY KEY,
    decision    TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    copies      TEXT NOT NULL DEFAULT '[]',
    message_id  INTEGER,
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    source      TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    history_id  INTEGER NOT NULL REFERENCES decision_history(id)
);

CREATE INDEX decision_history_client ON decision_history(client_code, id);
