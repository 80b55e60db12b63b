-- Registrars' exceptions (issue 12): each learner's waivers, forced completions, substitutions, allowances and
-- validity extensions, with who granted each and why. Withdrawing one keeps it, marked withdrawn, by whom and when.
CREATE TABLE learner_exception (
    learner_id    VARCHAR(200) NOT NULL REFERENCES learner (id) ON DELETE CASCADE,
    id            VARCHAR(80) NOT NULL,
    -- The exception as granted (GrantedException), author and grant date included.
    exception     JSONB NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    withdrawn_at  TIMESTAMPTZ,
    withdrawn_by  VARCHAR(200),
    PRIMARY KEY (learner_id, id)
);
