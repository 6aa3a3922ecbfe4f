-- An archived experiment (POST /api/experiments/{id}/archive) is hidden from the experiment lists unless asked for;
-- archived_at is when it was archived, NULL for every experiment that is not. Nothing else of it changes.
ALTER TABLE experiments ADD COLUMN archived_at TIMESTAMP WITH TIME ZONE;
