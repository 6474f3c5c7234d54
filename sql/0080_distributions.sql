-- A28.1: open data that can be obtained — the distributions (获取方式: a file or an interface) of a catalog item and
-- the item's temporal and spatial coverage.
--
-- media_type_reference   the IANA media types a distribution may declare, with the EU file type (DCAT-AP's
--                        dct:format) each one corresponds to
-- catalog_distribution   a distribution of one catalog item revision: title, access URL (required), download URL,
--                        media type, format, byte size, SHA-256 checksum, licence, issued and modified dates
-- catalog_item_coverage  the temporal (from/to) and spatial (a division) coverage of one catalog item revision
--
-- Both belong to the revision, so they are reviewed with the version like every other field (A10.3): they change only
-- while the revision's version is a draft, and a new revision of an item (a change or a withdrawal in a later draft)
-- starts with the distributions and coverage of the revision in force. The one exception: a clerk of the catalog's
-- institution may add a refresh (a new file of the same data, A16.1) to the revision in force of an approved item,
-- audited like every write; the refresh is carried into a revision of the item still awaiting review, so approving
-- that version does not lose it.
--
-- URLs are http(s) only and refused when their host is 'localhost' or a literal loopback, private, link-local, shared
-- or unspecified address (IPv4 or IPv6), or a numeric host that is not a dotted quad (a browser would read
-- http://2130706433/ as 127.0.0.1). The registry never resolves or fetches them.
--
-- The views open_distribution and open_item_coverage give what the open catalog shows: the distributions and
-- coverage of unconditionally open items only (for conditionally open items, the open application decides, A28.2).
-- The view open_item_without_distribution lists the A28.1 finding: an unconditionally open item nobody can obtain.
-- Changes nothing already migrated.

create table media_type_reference (
    media_type text primary key,
    file_type text not null,
    label text not null,
    constraint media_type_reference_form check (media_type ~ '^[a-z]+/[a-z0-9][a-z0-9.+-]*$')
);

comment on table media_type_reference is
    'A28.1: IANA media types a distribution may declare; file_type is the EU file-type authority code (DCAT-AP dct:format).';

insert into media_type_reference (media_type, file_type, label) values
    ('text/csv', 'CSV', 'CSV'),
    ('application/json', 'JSON', 'JSON'),
    ('application/ld+json', 'JSON_LD', 'JSON-LD'),
    ('application/geo+json', 'GEOJSON', 'GeoJSON'),
    ('application/xml', 'XML', 'XML'),
    ('text/xml', 'XML', 'XML'),
    ('application/rdf+xml', 'RDF_XML', 'RDF/XML'),
    ('text/turtle', 'RDF_TURTLE', 'Turtle'),
    ('application/vnd.ms-excel', 'XLS', 'Excel 97-2003'),
    ('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX', 'Excel'),
    ('application/vnd.oasis.opendocument.spreadsheet', 'ODS', 'OpenDocument 电子表格'),
    ('application/msword', 'DOC', 'Word 97-2003'),
    ('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'DOCX', 'Word'),
    ('application/pdf', 'PDF', 'PDF'),
    ('application/zip', 'ZIP', 'ZIP'),
    ('application/gzip', 'GZIP', 'gzip'),
    ('application/vnd.google-earth.kml+xml', 'KML', 'KML'),
    ('text/plain', 'TXT', '纯文本'),
    ('text/html', 'HTML', 'HTML'),
    ('image/png', 'PNG', 'PNG'),
    ('image/jpeg', 'JPEG', 'JPEG'),
    ('image/tiff', 'TIFF', 'TIFF');

-- Whether a URL may be published: http(s), and its host neither 'localhost' nor a literal address that is not public.
create function is_public_http_url(p_url text) returns boolean
    language plpgsql immutable
    set search_path = public, pg_temp
as $$
declare
    authority text;
    host text;
    address inet;
begin
    if p_url is null then return true; end if;
    if p_url !~* '^https?://[^\s/?#]+([/?#]\S*)?$' then return false; end if;
    authority := substring(p_url from '^[A-Za-z]+://([^/?#]+)');
    host := lower(regexp_replace(authority, '^.*@', ''));
    if host like '[%' then
        host := substring(host from '^\[([^\]]*)\](:[0-9]*)?$');
    else
        if host ~ ':.*:' then return false; end if;
        host := rtrim(regexp_replace(host, ':[0-9]*$', ''), '.');
    end if;
    if host is null or host = '' or host ~ '[%\\]' then return false; end if;
    if host = 'localhost' or host like '%.localhost' then return false; end if;
    if split_part(host, '.', -1) ~ '^([0-9]+|0x[0-9a-f]*)$' then
        -- A browser reads a host ending in a number as an IPv4 address: only a dotted quad, and only a public one.
        if host !~ '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$' then
            return false;
        end if;
        address := host::inet;
    elsif host ~ ':' then
        begin
            address := host::inet;
        exception when others then
            return false;
        end;
    else
        return true;
    end if;
    return not (
        address <<= '0.0.0.0/8' or address <<= '10.0.0.0/8' or address <<= '100.64.0.0/10' or address <<= '127.0.0.0/8'
        or address <<= '169.254.0.0/16' or address <<= '172.16.0.0/12' or address <<= '192.168.0.0/16'
        or address <<= '224.0.0.0/3' or address <<= '::/128' or address <<= '::1/128' or address <<= 'fc00::/7'
        or address <<= 'fe80::/10' or address <<= '::ffff:0:0/96' or address <<= 'ff00::/8');
end
$$;

comment on function is_public_http_url(text) is
    'A28.1: an http(s) URL whose host is not localhost nor a literal loopback, private, link-local or otherwise '
    'non-public address; never resolved.';

create table catalog_distribution (
    id uuid primary key default gen_random_uuid(),
    revision_id bigint not null references catalog_item_revision (id) on delete cascade,
    title text not null,
    access_url text not null,
    download_url text,
    media_type text,
    format text,
    byte_size bigint,
    checksum_sha256 text,
    license_name text,
    license_url text,
    issued_on date,
    modified_on date,
    refresh boolean not null default false,
    created_at timestamptz not null default registry_now(),
    constraint catalog_distribution_title_a28_1 check (btrim(title) <> ''),
    constraint catalog_distribution_access_url_a28_1 check (is_public_http_url(access_url)),
    constraint catalog_distribution_download_url_a28_1 check (is_public_http_url(download_url)),
    constraint catalog_distribution_license_url_a28_1 check (is_public_http_url(license_url)),
    constraint catalog_distribution_media_type_form_a28_1 check (media_type ~ '^[a-z]+/[a-z0-9][a-z0-9.+-]*$'),
    constraint catalog_distribution_media_type_known_a28_1 foreign key (media_type) references media_type_reference (media_type),
    constraint catalog_distribution_byte_size_a28_1 check (byte_size >= 0),
    constraint catalog_distribution_checksum_a28_1 check (checksum_sha256 ~ '^[0-9a-f]{64}$'),
    constraint catalog_distribution_license_named_a28_1 check (license_url is null or not is_blank(license_name)),
    constraint catalog_distribution_dates_a28_1 check (modified_on >= issued_on)
);

comment on table catalog_distribution is
    'A28.1: a distribution (文件或接口) of a catalog item revision; reviewed with the version (A10.3), or a refresh of '
    'an approved item (A16.1).';

create index catalog_distribution_revision_idx on catalog_distribution (revision_id);

create table catalog_item_coverage (
    revision_id bigint primary key references catalog_item_revision (id) on delete cascade,
    temporal_from date,
    temporal_to date,
    spatial_division_code char(6),
    constraint catalog_item_coverage_period_a28_1 check (temporal_to >= temporal_from),
    constraint catalog_item_coverage_division_a28_1 foreign key (spatial_division_code) references division (code),
    constraint catalog_item_coverage_given_a28_1 check (
        temporal_from is not null or temporal_to is not null or spatial_division_code is not null)
);

comment on table catalog_item_coverage is 'A28.1: the period and the division a catalog item revision''s data cover.';

-- The revision's state decides: a draft's revision changes freely; the revision in force of an approved, published
-- item takes only refresh inserts by the catalog institution; rows a trigger copies (depth > 1) pass.
create function catalog_distribution_guard() returns trigger
    language plpgsql
as $$
declare
    target_revision bigint := case when tg_op = 'DELETE' then old.revision_id else new.revision_id end;
    version_state catalog_version_state;
    in_force boolean;
    withdrawn boolean;
    open open_type;
    keeper text;
begin
    if tg_op = 'UPDATE' and new.revision_id <> old.revision_id then
        perform rule_refuse('catalog_distribution_reviewed_a10_3', 'a distribution stays with its revision', 'revision_id');
    end if;
    if tg_op <> 'DELETE' then
        new.checksum_sha256 := lower(new.checksum_sha256);
    end if;
    if pg_trigger_depth() > 1 then
        return case when tg_op = 'DELETE' then old else new end;
    end if;
    select v.state, i.current_revision_id = r.id, r.withdrawn, r.open_type, c.institution_uscc
      into version_state, in_force, withdrawn, open, keeper
      from catalog_item_revision r
      join catalog_version v on v.id = r.version_id
      join catalog_item i on i.id = r.item_id
      join catalog c on c.id = i.catalog_id
     where r.id = target_revision;
    if version_state = 'draft' then
        if tg_op <> 'DELETE' and new.refresh then
            perform rule_refuse('catalog_distribution_refresh_a16_1', 'a refresh is added to an approved item only', 'refresh');
        end if;
        return case when tg_op = 'DELETE' then old else new end;
    end if;
    if tg_op <> 'INSERT' or not new.refresh or not coalesce(in_force, false) then
        perform rule_refuse('catalog_distribution_reviewed_a10_3',
            'a distribution changes with its revision in a draft version; an approved item takes only refreshes', 'version_id');
    end if;
    if withdrawn or open = 'not_open'
       or keeper is distinct from nullif(current_setting('registry.actor_institution', true), '')
       or not exists (select 1 from catalog_distribution d where d.revision_id = target_revision
                       and d.media_type is not distinct from new.media_type) then
        perform rule_refuse('catalog_distribution_refresh_a16_1',
            'a refresh is a new file of the same data: an open item''s institution adds it beside a distribution of the same media type',
            'media_type');
    end if;
    return new;
end
$$;

create trigger catalog_distribution_guard before insert or update or delete on catalog_distribution
    for each row execute function catalog_distribution_guard();

-- A refresh of the revision in force also reaches the item's revision awaiting review, if any.
create function catalog_distribution_refresh_carry() returns trigger
    language plpgsql
as $$
begin
    insert into catalog_distribution (revision_id, title, access_url, download_url, media_type, format, byte_size,
                                      checksum_sha256, license_name, license_url, issued_on, modified_on, refresh, created_at)
    select pending.id, new.title, new.access_url, new.download_url, new.media_type, new.format, new.byte_size,
           new.checksum_sha256, new.license_name, new.license_url, new.issued_on, new.modified_on, true, new.created_at
      from catalog_item_revision current
      join catalog_item_revision pending on pending.item_id = current.item_id and pending.id <> current.id
      join catalog_version v on v.id = pending.version_id
     where current.id = new.revision_id and v.state <> 'approved';
    return null;
end
$$;

create trigger catalog_distribution_refresh_carry after insert on catalog_distribution
    for each row when (new.refresh and pg_trigger_depth() < 1) execute function catalog_distribution_refresh_carry();

create function catalog_item_coverage_guard() returns trigger
    language plpgsql
as $$
declare
    target_revision bigint := case when tg_op = 'DELETE' then old.revision_id else new.revision_id end;
begin
    if pg_trigger_depth() > 1 then
        return case when tg_op = 'DELETE' then old else new end;
    end if;
    if tg_op = 'UPDATE' and new.revision_id <> old.revision_id
       or (select v.state from catalog_item_revision r join catalog_version v on v.id = r.version_id
            where r.id = target_revision) <> 'draft' then
        perform rule_refuse('catalog_item_coverage_reviewed_a10_3',
            'an item''s coverage changes with its revision in a draft version', 'version_id');
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger catalog_item_coverage_guard before insert or update or delete on catalog_item_coverage
    for each row execute function catalog_item_coverage_guard();

-- A new revision of an item starts with the distributions and coverage of the revision in force.
create function catalog_item_revision_carry_forward() returns trigger
    language plpgsql
as $$
declare
    previous bigint := (select current_revision_id from catalog_item where id = new.item_id);
begin
    if previous is null or previous = new.id then return null; end if;
    insert into catalog_distribution (revision_id, title, access_url, download_url, media_type, format, byte_size,
                                      checksum_sha256, license_name, license_url, issued_on, modified_on, refresh, created_at)
    select new.id, title, access_url, download_url, media_type, format, byte_size, checksum_sha256, license_name,
           license_url, issued_on, modified_on, refresh, created_at
      from catalog_distribution where revision_id = previous order by created_at, id;
    insert into catalog_item_coverage (revision_id, temporal_from, temporal_to, spatial_division_code)
    select new.id, temporal_from, temporal_to, spatial_division_code from catalog_item_coverage where revision_id = previous;
    return null;
end
$$;

create trigger catalog_item_revision_carry_forward after insert on catalog_item_revision
    for each row execute function catalog_item_revision_carry_forward();

-- What the open catalog shows: distributions and coverage of the items open unconditionally (A28.1).
create view open_distribution as
select o.item_id, d.*
  from open_catalog o
  join catalog_item i on i.id = o.item_id
  join catalog_distribution d on d.revision_id = i.current_revision_id
 where o.open_type = 'unconditional';

comment on view open_distribution is 'A28.1: the distributions anyone obtains — of items open unconditionally only.';

create view open_item_coverage as
select o.item_id, c.temporal_from, c.temporal_to, c.spatial_division_code
  from open_catalog o
  join catalog_item i on i.id = o.item_id
  join catalog_item_coverage c on c.revision_id = i.current_revision_id;

comment on view open_item_coverage is 'A28.1: the period and division the open catalog''s items cover.';

create view open_item_without_distribution as
select o.item_id, o.item_code, o.institution_uscc, o.division_code
  from open_catalog o
 where o.open_type = 'unconditional'
   and not exists (select 1 from open_distribution d where d.item_id = o.item_id);

comment on view open_item_without_distribution is
    'A28.1 finding: an item open unconditionally that offers no distribution, so nobody can obtain it.';

create trigger catalog_distribution_audit after insert or update or delete on catalog_distribution
    for each row execute function audit_row_change('id');
create trigger catalog_distribution_no_truncate before truncate on catalog_distribution
    for each statement execute function refuse_truncate();
create trigger catalog_item_coverage_audit after insert or update or delete on catalog_item_coverage
    for each row execute function audit_row_change('revision_id');
create trigger catalog_item_coverage_no_truncate before truncate on catalog_item_coverage
    for each statement execute function refuse_truncate();
create trigger media_type_reference_audit after insert or update or delete on media_type_reference
    for each row execute function audit_row_change('media_type');
create trigger media_type_reference_no_truncate before truncate on media_type_reference
    for each statement execute function refuse_truncate();
