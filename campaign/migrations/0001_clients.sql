-- Clients as imported from the firm's client file, the imports themselves, and what changed.

CREATE TABLE clients (
    code            TEXT PRIMARY KEY,           -- the firm's client code, as written in the file
    name            TEXT NOT NULL DEFAULT '',
    first_name      TEXT NOT NULL DEFAULT '',
    legal_form      TEXT NOT NULL DEFAULT '',
    siren           TEXT NOT NULL DEFAULT '',   -- compact digits; may fail its check (see warnings)
    siret           TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',   -- postal address lines
    postcode        TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    emails          TEXT NOT NULL DEFAULT '[]', -- JSON list of valid, normalised addresses
    website         TEXT NOT NULL DEFAULT '',
    manager         TEXT NOT NULL DEFAULT '',   -- engagement manager
    manager_email   TEXT NOT NULL DEFAULT '',
    source_row      TEXT NOT NULL DEFAULT '{}', -- JSON: the whole row as read, unmapped columns too
    in_file         INTEGER NOT NULL DEFAULT 1, -- 0 once a later import no longer lists the client
    first_import_id INTEGER NOT NULL REFERENCES imports(id),
    last_import_id  INTEGER NOT NULL REFERENCES imports(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_format TEXT NOT NULL,                 -- e.g. "csv cp1252 ';'" or "xlsx sheet Clients"
    imported_at TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    missing     INTEGER NOT NULL,              -- clients known before but not in this file
    skipped     INTEGER NOT NULL,              -- rows not imported (no code, duplicate code)
    warnings    INTEGER NOT NULL
);

CREATE TABLE import_warnings (
    import_id INTEGER NOT NULL REFERENCES imports(id),
    row       INTEGER,                         -- spreadsheet row number (header = 1)
    field     TEXT,
    code      TEXT,
    message   TEXT NOT NULL
);

CREATE TABLE client_changes (
    client_code TEXT NOT NULL REFERENCES clients(code),
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    field       TEXT NOT NULL,
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL
);

CREATE INDEX clients_siren ON clients(siren);
CREATE INDEX import_warnings_import ON import_warnings(import_id);
CREATE INDEX client_changes_client ON client_changes(client_code);
