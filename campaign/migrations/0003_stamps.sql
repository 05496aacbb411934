-- Memo stamping: each run of `campaign stamp` and each invoice that got a memo, so the campaign
-- knows which clients were told, and when.

CREATE TABLE stamp_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    out_dir     TEXT NOT NULL,
    pages_rule  TEXT NOT NULL,                 -- last, first or all
    files       INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,    -- files refused (password, corrupt, not a PDF...)
    invoices    INTEGER NOT NULL DEFAULT 0,
    memos       INTEGER NOT NULL DEFAULT 0,    -- pages that received a memo
    scaled      INTEGER NOT NULL DEFAULT 0,    -- pages whose content was shrunk to make room
    finished_at TEXT
);

CREATE TABLE stamps (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES stamp_runs(id),
    client_code    TEXT,                       -- as read on the invoice; NULL = generic memo
    invoice_number TEXT,
    source_file    TEXT NOT NULL,
    output_file    TEXT NOT NULL,
    page           INTEGER NOT NULL,           -- 1-based page of the (first) memo in the file
    memo_pages     INTEGER NOT NULL DEFAULT 1, -- how many pages of the invoice carry the memo
    stamped_at     TEXT NOT NULL
);

CREATE INDEX stamps_client ON stamps(client_code);
CREATE INDEX stamps_run ON stamps(run_id);
