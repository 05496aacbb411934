-- Harvested messages (IMAP folders and mail files), the harvest runs, the per-folder IMAP
-- high-water marks that make harvesting exactly-once, and the pipeline stages run over messages.

CREATE TABLE harvests (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,                 -- "imap://user@host:port" or "file:/path"
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL DEFAULT 'running', -- running | ok | failed | partial
    seen        INTEGER NOT NULL DEFAULT 0,    -- messages looked at
    added       INTEGER NOT NULL DEFAULT 0,    -- messages stored for the first time
    duplicates  INTEGER NOT NULL DEFAULT 0,    -- already stored (same Message-ID + raw hash)
    failed      INTEGER NOT NULL DEFAULT 0,    -- unreadable files / messages
    error       TEXT                           -- one-line reason when status is failed/partial
);

CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    dedup_key     TEXT NOT NULL UNIQUE,        -- normalised Message-ID + '|' + raw_sha256
    message_id    TEXT NOT NULL DEFAULT '',    -- Message-ID header without <>, may be empty
    raw_sha256    TEXT NOT NULL,
    source_kind   TEXT NOT NULL,               -- imap | eml | msg | mbox
    source        TEXT NOT NULL,               -- account (imap) or the file/folder given (--from)
    folder        TEXT NOT NULL DEFAULT '',    -- IMAP folder
    uidvalidity   INTEGER,                     -- IMAP UIDVALIDITY when first harvested
    uid           INTEGER,                     -- IMAP UID when first harvested
    file_name     TEXT NOT NULL DEFAULT '',    -- file name (or mbox file + index) for --from
    date          TEXT NOT NULL DEFAULT '',    -- Date header as ISO 8601 (UTC) when parseable
    sender        TEXT NOT NULL DEFAULT '',    -- From address (lower-cased)
    sender_name   TEXT NOT NULL DEFAULT '',
    recipients    TEXT NOT NULL DEFAULT '[]',  -- JSON list of To + Cc addresses
    subject       TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0,  -- raw size in bytes
    raw           BLOB,                        -- zlib-compressed raw message; NULL once purged
    raw_purged_at TEXT,
    state         TEXT NOT NULL DEFAULT 'new', -- new | processed | failed (pipeline state)
    harvest_id    INTEGER NOT NULL REFERENCES harvests(id),
    harvested_at  TEXT NOT NULL
);

CREATE TABLE imap_folders (
    account     TEXT NOT NULL,                 -- "user@host:port"
    folder      TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    high_uid    INTEGER NOT NULL DEFAULT 0,    -- highest UID committed to messages
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (account, folder)
);

CREATE TABLE message_stages (
    message_id    INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    stage         TEXT NOT NULL,               -- registered stage name
    stage_version TEXT NOT NULL,               -- re-run when the stage's rules change
    status        TEXT NOT NULL,               -- ok | failed
    detail        TEXT NOT NULL DEFAULT '',    -- one-line error or summary
    ran_at        TEXT NOT NULL,
    PRIMARY KEY (message_id, stage)
);

CREATE INDEX messages_message_id ON messages(message_id);
CREATE INDEX messages_sender ON messages(sender);
CREATE INDEX messages_harvest ON messages(harvest_id);
CREATE INDEX messages_source ON messages(source_kind, source);
