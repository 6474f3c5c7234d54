-- 0032_catalog_search_cost.sql — issue 8: the planner must not evaluate catalog_search_grams() row by row.
--
-- At scale 1.0 (`scripts/bench.sh` on `registry seed synthetic --scale 1.0`) a search for a two-character word over
-- the whole region walked the listing order and computed each row's grams as a filter (about 70 µs a row): 1.7 s for
-- 51 rows. The function's declared cost now says what it costs, so the planner takes its grams from the GIN index
-- of 0031, and the cheap substring test (which the catalog store now always adds) filters an ordered walk instead.

alter function catalog_search_grams(text) cost 10000;
