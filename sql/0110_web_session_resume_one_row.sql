-- 0110_web_session_resume_one_row.sql — the planner expects one row from resuming a session (issue 18 benchmark).
--
-- Every page request joins web_session_resume() (0049) to its account and institution. A set-returning function is
-- estimated at 1,000 rows unless it says otherwise, so the join hashed the whole account and institution tables on
-- every page (2,700 accounts at scale 0.1, ten times more at scale 1.0) instead of looking up one row of each by key.
-- A session id names at most one session: the function now says it returns at most one row. Nothing else changes.

alter function web_session_resume(text) rows 1;
