-- What a reply offers beyond its own text, for matching and for resolving "la première",
-- "l'adresse à laquelle vous m'avez écrit", "mon mari en copie": the message's Cc and To
-- addresses, the firm's message the client quoted (its text, the addresses it proposed, whom it
-- was written to) and the engagement manager who relayed a phone call. JSON object.
ALTER TABLE replies ADD COLUMN context TEXT NOT NULL DEFAULT '{}';

-- The matcher's calibrated confidence in its best candidate (0..1), which replaced the fixed
-- auto_link_score / auto_link_gap thresholds.
ALTER TABLE match_outcomes ADD COLUMN confidence REAL NOT NULL DEFAULT 0;
