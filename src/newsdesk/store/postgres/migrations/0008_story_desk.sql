-- The story desk (issue 23): each story's headline and short cited summary, kept with the
-- member set they were written for (rewritten only when that set changes), and an outlet's
-- political lean where a source supplies one (AllSides' ratings).

CREATE TABLE story_desk (
    story_id    TEXT PRIMARY KEY,
    members     TEXT NOT NULL,
    headline    TEXT,
    summary     TEXT,
    updated_at  TEXT NOT NULL
);

CREATE TABLE outlet_lean (
    outlet      TEXT PRIMARY KEY,
    lean        TEXT NOT NULL,
    origin      TEXT,
    updated_at  TEXT NOT NULL
);
