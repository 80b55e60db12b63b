-- Events (issue 12). Each learner's current status per qualification, as the latest evaluation of the record as of
-- its day gave it: a status change is found against it under the learner's row lock, so each change is found once.
ALTER TABLE learner ADD COLUMN statuses JSONB;
ALTER TABLE learner ADD COLUMN statuses_at TIMESTAMPTZ;

-- Records evaluated before this migration start from their latest evaluation, so no old change is announced again.
UPDATE learner l SET statuses = latest.statuses, statuses_at = latest.evaluated_at
FROM (SELECT DISTINCT ON (e.learner) e.learner, e.evaluated_at,
             (SELECT COALESCE(jsonb_object_agg(q ->> 'code', q ->> 'status'), '{}'::jsonb)
              FROM jsonb_array_elements(e.result -> 'qualifications') q) AS statuses
      FROM evaluation_record e WHERE e.of_record
      ORDER BY e.learner, e.evaluated_at DESC) latest
WHERE latest.learner = l.id;

-- The transactional outbox: an event is written in the transaction that records the change, and a relay publishes
-- it to the broker with publisher confirms, then marks it sent. A learner's deletion removes its events.
CREATE TABLE event_outbox (
    seq          BIGSERIAL PRIMARY KEY,
    id           UUID NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    type         VARCHAR(100) NOT NULL,
    learner_id   VARCHAR(200) NOT NULL REFERENCES learner (id) ON DELETE CASCADE,
    -- The whole CloudEvent (structured mode), as it is published.
    event        JSONB NOT NULL,
    sent_at      TIMESTAMPTZ,
    attempts     INT NOT NULL DEFAULT 0,
    last_error   VARCHAR(500)
);

CREATE INDEX event_outbox_unsent_idx ON event_outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX event_outbox_learner_idx ON event_outbox (learner_id);

-- Incoming messages already applied, by their sender's id: one seen again changes nothing. No learner ids here,
-- so a learner's deletion leaves nothing that names them.
CREATE TABLE inbox_message (
    source       VARCHAR(300) NOT NULL,
    id           VARCHAR(200) NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    type         VARCHAR(100) NOT NULL,
    outcome      VARCHAR(500) NOT NULL,
    PRIMARY KEY (source, id)
);
