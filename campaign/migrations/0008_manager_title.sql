-- The engagement manager's title as the client file writes it ("Mme", "M.", "Madame"...), when it
-- has a column for it: the memo says "Votre interlocutrice" / "Votre interlocuteur" from it, and a
-- neutral "Votre contact au cabinet" without it.
ALTER TABLE clients ADD COLUMN manager_title TEXT NOT NULL DEFAULT '';
