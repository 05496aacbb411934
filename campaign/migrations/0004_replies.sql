-- Reply understanding: what each harvested message says. One row per message and stage
-- version run, so the history stays: the current decision for a client is its latest message
-- (by Date) among the current rows, and earlier decisions remain readable.

CREATE TABLE replies (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    intent          TEXT NOT NULL,               -- address | refusal | question | autoreply | bounce | other
    addresses       TEXT NOT NULL DEFAULT '[]',  -- JSON: designated billing addresses, main first
    copies          TEXT NOT NULL DEFAULT '[]',  -- JSON: addresses to put in copy
    client_address  TEXT NOT NULL DEFAULT '',    -- the client's own address (original sender of a forward)
    client_name     TEXT NOT NULL DEFAULT '',    -- display name, else the name signed
    company         TEXT NOT NULL DEFAULT '',    -- company named in the signature (legal form)
    forwarded_by    TEXT NOT NULL DEFAULT '',    -- the forwarder's address ('' when not a forward)
    evidence        TEXT NOT NULL DEFAULT '',    -- the sentence the address or refusal came from
    refs            TEXT NOT NULL DEFAULT '[]',  -- JSON: client references quoted
    sirens          TEXT NOT NULL DEFAULT '[]',  -- JSON: SIREN numbers (valid check digit)
    flags           TEXT NOT NULL DEFAULT '[]',  -- JSON: postal_address, autoreply_with_address, ...
    reason          TEXT NOT NULL DEFAULT '',    -- why 'other' (or why automatic)
    message_date    TEXT NOT NULL DEFAULT '',    -- the message's Date (ISO 8601 UTC), for "latest wins"
    stage_version   TEXT NOT NULL,
    current         INTEGER NOT NULL DEFAULT 1,  -- 1 for the latest run over this message
    understood_at   TEXT NOT NULL
);

CREATE INDEX replies_message ON replies(message_id, current);
CREATE INDEX replies_client ON replies(client_address, message_date);
CREATE INDEX replies_intent ON replies(intent, current);
