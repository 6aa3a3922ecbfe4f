-- The lease checks the attempt budget now (attempts < max_attempts), and a clean release no longer uses up an attempt.
-- Queued jobs whose budget an earlier version spent (shutdowns counted) get one more attempt instead of waiting for ever.
UPDATE jobs SET attempts = max_attempts - 1 WHERE state = 'QUEUED' AND attempts >= max_attempts AND max_attempts > 0;
