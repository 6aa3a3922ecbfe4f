-- A worker's owner is the token id that registered it ('token:<id>'), or a dashboard user ('user:<name>'), no longer
-- the token's name: names are not unique, so any token named like the owner could act for its worker.
-- An owner name that exactly one token has becomes that token's id; a name no token or several tokens have stays as it
-- was and so matches no caller (its agent is refused with 403 and registers under a new name).
UPDATE workers SET owner = 'token:' || CAST((SELECT t.id FROM api_tokens t WHERE t.name = workers.owner) AS VARCHAR(20))
WHERE owner IS NOT NULL AND (SELECT COUNT(*) FROM api_tokens t WHERE t.name = workers.owner) = 1;
-- a name no token has but a dashboard user has (a worker-role user that logged in with its password)
UPDATE workers SET owner = 'user:' || owner
WHERE owner IS NOT NULL AND owner NOT LIKE 'token:%' AND EXISTS (SELECT 1 FROM users u WHERE u.username = workers.owner)
  AND NOT EXISTS (SELECT 1 FROM api_tokens t WHERE t.name = workers.owner);
