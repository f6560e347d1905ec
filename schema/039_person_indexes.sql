-- A person's asks and offers are read along need_person_listed and
-- offer_person_listed (038), whose first column is the person: the
-- indexes on the person alone (001) only cost every write.
DROP INDEX need_person;
DROP INDEX offer_person;
