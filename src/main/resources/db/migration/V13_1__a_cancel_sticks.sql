-- A cancel sticks (issue 13): a running job whose cancel was asked for ends CANCELLED when its lease ends, and the lease
-- no longer clears the flag. Jobs that an earlier version requeued with the flag still set were cancelled by request.
UPDATE jobs SET state = 'CANCELLED', error = 'cancelled by request', finished_at = CURRENT_TIMESTAMP, version = version + 1
WHERE state = 'QUEUED' AND cancel_requested = TRUE;
