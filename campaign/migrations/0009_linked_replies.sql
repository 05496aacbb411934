-- Every reply linked to a client, one row per (client, message), with what the reply says and when
-- it came: the matcher's outcome and candidates, the current understanding and the message, joined
-- here once instead of in each step that asks "what has this client answered?" (progress, review,
-- reminders, matching's earlier designations).
CREATE VIEW linked_replies AS
SELECT c.client_code  AS client_code,
       o.message_id   AS message_id,
       o.linked_by    AS linked_by,
       r.intent       AS intent,
       r.addresses    AS addresses,
       r.copies       AS copies,
       r.evidence     AS evidence,
       r.own_text     AS own_text,
       r.client_address AS client_address,
       r.message_date AS message_date,
       m.date         AS date,
       m.harvested_at AS harvested_at,
       m.message_id   AS header_id
FROM match_candidates c
JOIN match_outcomes o ON o.message_id = c.message_id
JOIN replies r ON r.id = o.reply_id
JOIN messages m ON m.id = o.message_id
WHERE c.linked = 1;
