-- Re-checking every stored learner when a ruleset goes live (issue 12): one job per version, its learners as
-- items that service instances claim in chunks (FOR UPDATE SKIP LOCKED), and the status moves it found.
CREATE TABLE recheck_job (
    id                UUID PRIMARY KEY,
    ruleset_version   VARCHAR(64) NOT NULL UNIQUE,
    created_at        TIMESTAMPTZ NOT NULL,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    -- RUNNING, DONE, or SUPERSEDED when a newer version went live first (its job re-checks everyone).
    state             VARCHAR(20) NOT NULL,
    total             INT NOT NULL,
    done              INT NOT NULL DEFAULT 0
);

CREATE TABLE recheck_item (
    job_id       UUID NOT NULL REFERENCES recheck_job (id) ON DELETE CASCADE,
    learner_id   VARCHAR(200) NOT NULL,
    claimed_by   VARCHAR(100),
    claimed_at   TIMESTAMPTZ,
    done_at      TIMESTAMPTZ,
    evaluation   UUID,
    PRIMARY KEY (job_id, learner_id)
);

CREATE INDEX recheck_item_open_idx ON recheck_item (job_id, learner_id) WHERE done_at IS NULL;

-- A learner whose eligibility for a qualification changed in a job.
CREATE TABLE recheck_change (
    job_id         UUID NOT NULL REFERENCES recheck_job (id) ON DELETE CASCADE,
    learner_id     VARCHAR(200) NOT NULL,
    qualification  VARCHAR(100) NOT NULL,
    from_status    VARCHAR(20),
    to_status      VARCHAR(20),
    PRIMARY KEY (job_id, learner_id, qualification)
);
