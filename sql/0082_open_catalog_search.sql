-- 0082_open_catalog_search.sql — issue 22: the open catalog's faceted search (A28.1), one search for the portal
-- (/open/search) and the API (GET /api/v1/open-catalog).
--
-- distribution_format(format, file_type)   a distribution's format as the search filters and counts it: the format
--                                          given, else the EU file type of its media type, upper-cased (CKAN's
--                                          res_format of ckan_package, 0081, reads it the same way)
-- catalog_listing_open_search_idx          a GIN index (btree_gin, 0031) over the open items only: division path,
--                                          open type, grade, institution and the words' grams, so that the search's
--                                          common filters are answered from one index instead of the listing order
-- Changes nothing already migrated.

create function distribution_format(p_format text, p_file_type text) returns text
    language sql immutable parallel safe
    return upper(coalesce(nullif(btrim(p_format), ''), p_file_type));

comment on function distribution_format(text, text) is
    'A28.1: a distribution''s format for searching and counting: its format, else its media type''s EU file type, upper-cased.';

create index catalog_listing_open_search_idx on catalog_listing
    using gin (divisions, open_type, grade, institution_uscc, catalog_search_grams(search_text))
    where open_type <> 'not_open';

analyze catalog_listing;
