-- The daily purge along indexes (#19: index-bound, never a scan). On a
-- network of 10,000,000 asks it took 23 s in one transaction, holding
-- every writer back meanwhile, whatever it had to purge: the asks and
-- offers over were found among every closed one (need_status_id), the
-- people with contact details by reading every person and then each of
-- their asks, and the notes and reasons of deliveries and claims by
-- listing every purged ask first.
--
-- The asks and offers closed and not yet purged, by when they last moved:
-- what the purge takes each day, and nothing it took before.
CREATE INDEX need_purgeable ON need (status, updated_at)
	WHERE purged_at IS NULL AND status IN ('fulfilled', 'closed');
CREATE INDEX offer_purgeable ON offer (status, updated_at)
	WHERE purged_at IS NULL AND status IN ('fulfilled', 'closed');
-- People with contact details still held, by when they last changed.
CREATE INDEX person_contact_since ON person (updated_at)
	WHERE phone IS NOT NULL OR email IS NOT NULL OR address IS NOT NULL
	OR windows IS NOT NULL OR bulletin_sms_at IS NOT NULL;
-- A person's asks and offers not yet purged: whether they keep their
-- contact details is answered by the index, not by their rows. (Not
-- "or not over": a list of the waiting asks would take it for theirs.)
CREATE INDEX need_unpurged ON need (person_id) WHERE purged_at IS NULL;
CREATE INDEX offer_unpurged ON offer (person_id) WHERE purged_at IS NULL;
-- The deliveries and claims that still hold words of their own.
CREATE INDEX delivery_noted ON delivery (need_id) WHERE note IS NOT NULL;
CREATE INDEX claim_reasoned ON claim (need_id)
	WHERE release_reason IS NOT NULL;
