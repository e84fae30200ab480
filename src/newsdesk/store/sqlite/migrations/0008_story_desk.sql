-- The story desk (issue 23): each story's headline and short cited summary, kept with the
-- member set they were written for (rewritten only when that set changes), and an outlet's
-- political lean where a source supplies one (AllSides' ratings).

CREATE TABLE story_desk (
    story_id    TEXT PRIMARY KEY,
    members     TEXT NOT NULL,            -- fingerprint of the member article IDs
    headline    TEXT,
    summary     TEXT,                     -- JSON: the verified summary (sentences, citations)
    updated_at  TEXT NOT NULL
);

CREATE TABLE outlet_lean (
    outlet      TEXT PRIMARY KEY,         -- the articles' source (outlet name)
    lean        TEXT NOT NULL,            -- as the source gave it: "left", "center", "right", ...
    origin      TEXT,                     -- where the rating came from ("allsides")
    updated_at  TEXT NOT NULL
);
