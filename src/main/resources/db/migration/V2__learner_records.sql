-- Learner records (issue 12): what each learner holds, keyed by the calling system's id, and every change to it.
CREATE TABLE learner (
    id          VARCHAR(200) PRIMARY KEY,
    -- Bumped by every change: the record's ETag, so that a caller's read-modify-write can say If-Match.
    version     BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    -- The credentials held now, as the calling system gave them (one per code).
    held        JSONB NOT NULL
);

CREATE INDEX learner_id_prefix_idx ON learner (id varchar_pattern_ops);

-- Every change to a record, append-only: who, when, which version it made, the credential before and after.
CREATE TABLE learner_change (
    id          BIGSERIAL PRIMARY KEY,
    learner_id  VARCHAR(200) NOT NULL REFERENCES learner (id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    actor       VARCHAR(200) NOT NULL,
    kind        VARCHAR(20) NOT NULL,
    code        VARCHAR(100) NOT NULL,
    before      JSONB,
    after       JSONB
);

CREATE INDEX learner_change_learner_idx ON learner_change (learner_id, id);

-- Evaluations of a stored record, as opposed to a caller's own request naming the same learner: a learner's
-- history is made of these.
ALTER TABLE evaluation_record ADD COLUMN of_record BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX evaluation_record_of_record_idx ON evaluation_record (learner, evaluated_at DESC) WHERE of_record;
