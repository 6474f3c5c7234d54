-- A28.1: the open catalog as CKAN 2.11 describes datasets, for the CKAN-compatible read API (/api/3/action/…).
--
-- ckan_slug(text)   a CKAN name from a code: lower case, every character outside [a-z0-9_-] as '-'
-- ckan_package      one row per item of the open catalog (so never one not open, suspended or withdrawn, A28.3):
--                   the columns package_search filters and counts on, and the package itself as CKAN returns it
--                   (`package`, jsonb): name (slug of the item code and the institution's credit code, which keeps it
--                   unique across catalogs), organization (the institution), groups (the category), tags (the data
--                   items), resources (the distributions of an unconditionally open item), and extras for the A10.2
--                   fields CKAN has no place for. Nothing personal is in it.
-- Changes nothing already migrated.

create function ckan_slug(p_text text) returns text
    language sql immutable
    return regexp_replace(lower(p_text), '[^a-z0-9_-]', '-', 'g');

create function ckan_timestamp(p_at timestamptz) returns text
    language sql immutable
    return to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US');

create view ckan_package as
with base as (
    select o.item_id, o.item_code, o.item_name, o.description, o.institution_uscc, o.institution_name, o.division_code,
           o.open_type::text as open_type, o.open_conditions, o.update_frequency::text as update_frequency,
           p.share_type::text as share_type, p.grade::text as grade, p.data_updated_on, p.category_scheme, p.category_code,
           cat.name as category_name, dv.name as division_name, i.created_at, v.decided_at,
           ckan_slug(o.item_code) || '-' || lower(o.institution_uscc) as name,
           lower(o.institution_uscc) as organization,
           ckan_slug(p.category_code) as group_name,
           coalesce((select array_agg(distinct e->>'name') from jsonb_array_elements(o.data_items) e where btrim(e->>'name') <> ''),
                    '{}') as tags,
           coalesce((select array_agg(distinct upper(coalesce(nullif(btrim(d.format), ''), m.file_type)))
                       from open_distribution d left join media_type_reference m on m.media_type = d.media_type
                      where d.item_id = o.item_id and coalesce(nullif(btrim(d.format), ''), m.file_type) is not null), '{}') as formats,
           cov.temporal_from, cov.temporal_to, cov.spatial_division_code
      from open_catalog o
      join catalog_item_published p on p.item_id = o.item_id
      join catalog_item i on i.id = o.item_id
      join catalog_version v on v.id = p.version_id
      join division dv on dv.code = o.division_code
      left join data_category cat on cat.scheme_code = p.category_scheme and cat.code = p.category_code
      left join open_item_coverage cov on cov.item_id = o.item_id
)
select b.*,
       jsonb_build_object(
           'id', b.item_id, 'name', b.name, 'title', b.item_name, 'notes', coalesce(b.description, ''), 'type', 'dataset',
           'state', 'active', 'private', false, 'isopen', b.open_type = 'unconditional', 'url', '', 'version', null,
           'author', b.institution_name, 'author_email', null, 'maintainer', b.institution_name, 'maintainer_email', null,
           'metadata_created', ckan_timestamp(b.created_at), 'metadata_modified', ckan_timestamp(coalesce(b.decided_at, b.created_at)),
           'owner_org', md5('organization:' || b.institution_uscc)::uuid, 'creator_user_id', null,
           'license_id', r.license_id, 'license_title', r.license_title, 'license_url', r.license_url,
           'organization', jsonb_build_object(
               'id', md5('organization:' || b.institution_uscc)::uuid, 'name', b.organization, 'title', b.institution_name,
               'type', 'organization', 'description', '', 'image_url', '', 'created', ckan_timestamp(b.created_at),
               'is_organization', true, 'approval_status', 'approved', 'state', 'active'),
           'groups', case when b.category_code is null then '[]'::jsonb else jsonb_build_array(jsonb_build_object(
               'id', md5('group:' || b.category_scheme || ':' || b.category_code)::uuid, 'name', b.group_name,
               'title', coalesce(b.category_name, b.category_code), 'display_name', coalesce(b.category_name, b.category_code),
               'description', '', 'image_display_url', '')) end,
           'tags', (select coalesce(jsonb_agg(jsonb_build_object('id', md5('tag:' || t)::uuid, 'name', t, 'display_name', t,
                                                                 'state', 'active', 'vocabulary_id', null) order by t), '[]')
                      from unnest(b.tags) t),
           'num_tags', cardinality(b.tags),
           'resources', r.resources, 'num_resources', r.num_resources,
           'extras', jsonb_build_array(
               jsonb_build_object('key', 'identifier', 'value', b.item_code),
               jsonb_build_object('key', 'share_type', 'value', b.share_type),
               jsonb_build_object('key', 'open_type', 'value', b.open_type),
               jsonb_build_object('key', 'open_conditions', 'value', coalesce(b.open_conditions, '')),
               jsonb_build_object('key', 'grade', 'value', b.grade),
               jsonb_build_object('key', 'update_frequency', 'value', b.update_frequency),
               jsonb_build_object('key', 'division', 'value', b.division_code),
               jsonb_build_object('key', 'division_name', 'value', b.division_name),
               jsonb_build_object('key', 'source_institution', 'value', b.institution_uscc),
               jsonb_build_object('key', 'data_updated_on', 'value', coalesce(b.data_updated_on::text, '')),
               jsonb_build_object('key', 'temporal_start', 'value', coalesce(b.temporal_from::text, '')),
               jsonb_build_object('key', 'temporal_end', 'value', coalesce(b.temporal_to::text, '')),
               jsonb_build_object('key', 'spatial_division', 'value', coalesce(b.spatial_division_code::text, b.division_code)))
       ) as package
  from base b
  cross join lateral (
      select coalesce(jsonb_agg(jsonb_build_object(
                 'id', d.id, 'package_id', b.item_id, 'name', d.title, 'description', '',
                 'url', coalesce(d.download_url, d.access_url), 'access_url', d.access_url, 'download_url', d.download_url,
                 'format', coalesce(nullif(btrim(d.format), ''), m.file_type, ''), 'mimetype', d.media_type,
                 'size', d.byte_size, 'hash', coalesce(d.checksum_sha256, ''), 'license_url', d.license_url,
                 'issued', d.issued_on, 'last_modified', d.modified_on, 'created', ckan_timestamp(d.created_at),
                 'state', 'active', 'url_type', null, 'resource_type', null, 'mimetype_inner', null, 'cache_url', null,
                 'position', d.position - 1) order by d.position), '[]') as resources,
             count(d.id)::int as num_resources,
             (array_agg(d.license_name order by d.position) filter (where d.license_name is not null))[1] as license_id,
             (array_agg(d.license_name order by d.position) filter (where d.license_name is not null))[1] as license_title,
             (array_agg(d.license_url order by d.position) filter (where d.license_url is not null))[1] as license_url
        from (select od.*, row_number() over (order by od.created_at, od.id) as position
                from open_distribution od where od.item_id = b.item_id) d
        left join media_type_reference m on m.media_type = d.media_type
  ) r;

comment on view ckan_package is
    'A28.1: the open catalog as CKAN 2.11 packages (organization = institution, group = category, resource = distribution).';
