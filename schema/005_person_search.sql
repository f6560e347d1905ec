-- What a search for a person compares (src/util/fold.h), kept by the
-- program beside the values people typed, in the same statement:
--   name_fold   the name in lower case, without accents ("nunez")
--   email_fold  the email in lower case
--   phone_rev   the phone's digits, last first ("+1 617 555 0101" ->
--               "10105557161"): "ends with these digits" becomes a prefix,
--               a range on a plain index on both backends, whatever their
--               collation (digits sort alike in every one)
-- Folding in SQL would differ between the backends (lower() and LIKE
-- treat case and accents differently), so the program does it: rows
-- older than this migration are filled by src/db/migrate.c right after it.
-- Personal data, emptied with the values they come from (retention.c).
ALTER TABLE person ADD COLUMN name_fold TEXT;
ALTER TABLE person ADD COLUMN email_fold TEXT;
ALTER TABLE person ADD COLUMN phone_rev TEXT;
CREATE INDEX person_email_fold ON person (email_fold);
CREATE INDEX person_phone_rev ON person (phone_rev);
-- name_fold has no index: a name is searched for anywhere in it
-- ("nunez" finds "Ana Núñez"), which no plain index serves.
