-- 0132_open_catalog_facet_cell_indexes.sql — A28.1: a search without words finds its cells through an index.
--
-- The portal's search and GET /api/v1/open-catalog without words sum the facet cells (0128) that match their filters.
-- At scale 1.0 there are some 57,000 cells; two common filters (开放属性 and 更新频率) keep a twelfth of them, and a
-- division a smaller part, but every search read them all. The cells' unique key already leads with the institution;
-- these two indexes serve the open type, update frequency and grade, and the division with those below it. Neither
-- holds the count (`items`), so the update that moves a count stays a heap-only update.
-- Changes nothing already migrated.

create index open_catalog_facet_cell_types_idx on open_catalog_facet_cell (open_type, update_frequency, grade);
create index open_catalog_facet_cell_divisions_idx on open_catalog_facet_cell using gin (divisions);
