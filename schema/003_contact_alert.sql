-- The dashboard counts each user's views of contacts in the last hour
-- (claim_contact_readers). Partial, so that only those entries, not
-- every write to the audit trail, pay for the index.
CREATE INDEX audit_contact_at ON audit (at) WHERE action = 'view contact';
