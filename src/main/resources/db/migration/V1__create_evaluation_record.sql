-- Every evaluation answered by the service: when, on which ruleset version, what was asked and what was answered.
CREATE TABLE evaluation_record (
    id               UUID PRIMARY KEY,
    evaluated_at     TIMESTAMPTZ NOT NULL,
    ruleset_version  VARCHAR(64) NOT NULL,
    learner          VARCHAR(200),
    as_of            DATE NOT NULL,
    request          JSONB NOT NULL,
    result           JSONB NOT NULL
);

CREATE INDEX evaluation_record_learner_idx ON evaluation_record (learner, evaluated_at DESC);
