-- Deleting a learner removes the re-check rows naming it while it holds the learner's lock: by index, not by
-- scanning every job's rows.
CREATE INDEX recheck_item_learner_idx ON recheck_item (learner_id);
CREATE INDEX recheck_change_learner_idx ON recheck_change (learner_id);
