-- A version served again after another (a roll-back: A, then B, then A) is a new activation and is re-checked
-- again: one job per activation, not per version. A learner whose re-check fails (the rules could not decide it)
-- is marked done with the reason instead of holding up the rest of its chunk.
ALTER TABLE recheck_job DROP CONSTRAINT recheck_job_ruleset_version_key;
CREATE INDEX recheck_job_created_idx ON recheck_job (created_at DESC);
ALTER TABLE recheck_job ADD COLUMN failed INT NOT NULL DEFAULT 0;
ALTER TABLE recheck_item ADD COLUMN error VARCHAR(500);
