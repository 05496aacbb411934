-- Requests e-mailed to clients (campaign send requests / follow-ups). A row is written and committed
-- before its message is handed to the SMTP server, and marked sent once the server has accepted it,
-- so a crash in between leaves a row whose fate is unknown: it becomes 'uncertain' and is listed for
-- a person, never sent again automatically. A reply whose In-Reply-To or References names header_id
-- is that client's; a delivery failure report naming it marks the address written to as dead.
CREATE TABLE requests (
    id          INTEGER PRIMARY KEY,
    client_code TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('request', 'follow-up')),
    header_id   TEXT NOT NULL UNIQUE,            -- the Message-ID we gave it, without <>
    parent_id   INTEGER REFERENCES requests(id), -- the request a follow-up quotes
    to_address  TEXT NOT NULL,                   -- the address on file it was written to
    subject     TEXT NOT NULL,
    silence     INTEGER NOT NULL DEFAULT 0,      -- 1: it said "unless you tell us otherwise" (silence_means_consent)
    state       TEXT NOT NULL CHECK (state IN ('prepared', 'sent', 'uncertain', 'refused', 'failed')),
    detail      TEXT NOT NULL DEFAULT '',        -- the server's answer when refused or failed
    prepared_at TEXT NOT NULL,
    sent_at     TEXT,
    settled_by  TEXT NOT NULL DEFAULT '',        -- who said what became of an uncertain one
    bounced_by  INTEGER REFERENCES messages(id) ON DELETE SET NULL,  -- the delivery failure report
    bounced_at  TEXT
);

CREATE INDEX requests_client ON requests(client_code, kind, state);
