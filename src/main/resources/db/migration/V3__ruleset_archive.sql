-- Every ruleset version that decided a recorded answer, content-addressed: its files as text by path. A recorded
-- answer can be replayed on exactly the rules that gave it, years later.
CREATE TABLE ruleset_version (
    version          VARCHAR(64) PRIMARY KEY,
    first_recorded   TIMESTAMPTZ NOT NULL,
    files            JSONB NOT NULL
);
