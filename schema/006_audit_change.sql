-- The audit trail says what changed. action becomes a stable id
-- ("need.status"), shown in words in the reader's language; change holds
-- what moved, as JSON made only of status names and field names, never a
-- value someone typed (see audit.h and docs/privacy.md).
ALTER TABLE audit ADD COLUMN change TEXT;

-- Entries written before this named the route; they get the id of the
-- same action and the record's kind. What changed was not kept: it stays
-- empty.
UPDATE audit SET action = 'login' WHERE action = 'POST /login';
UPDATE audit SET action = 'logout' WHERE action = 'POST /logout';
UPDATE audit SET action = 'password.change', entity = 'user'
    WHERE action = 'POST /account/password';
UPDATE audit SET action = 'token.add', entity = 'api_token'
    WHERE action = 'POST /account/tokens';
UPDATE audit SET action = 'token.revoke', entity = 'api_token'
    WHERE action = 'POST /account/tokens/:id/revoke';
UPDATE audit SET action = 'zone.create', entity = 'zone'
    WHERE action = 'POST /zones';
UPDATE audit SET action = 'person.create', entity = 'person'
    WHERE action = 'POST /people';
UPDATE audit SET action = 'person.update', entity = 'person'
    WHERE action IN ('POST /people/:id', 'PATCH /people/:id');
UPDATE audit SET action = 'person.forget', entity = 'person'
    WHERE action = 'POST /people/:id/forget';
UPDATE audit SET action = 'need.create', entity = 'need'
    WHERE action = 'POST /needs';
UPDATE audit SET action = 'need.status', entity = 'need'
    WHERE action = 'POST /needs/:id/status';
UPDATE audit SET action = 'need.claim', entity = 'need'
    WHERE action = 'POST /needs/:id/claim';
UPDATE audit SET action = 'need.release', entity = 'need'
    WHERE action = 'POST /needs/:id/release';
UPDATE audit SET action = 'offer.create', entity = 'offer'
    WHERE action = 'POST /offers';
UPDATE audit SET action = 'offer.status', entity = 'offer'
    WHERE action = 'POST /offers/:id/status';
UPDATE audit SET action = 'help.post' WHERE action = 'POST /help';
