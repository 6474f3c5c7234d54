-- 0008_catalog.sql — the three-level catalog (A10.1–A10.3, A11.1, A21.1, A27.1, A9.2, A16.1).
--
-- catalog                  an institution's catalog (部门目录) or a level's catalog (本级目录) kept by its authority
-- catalog_version          numbered versions, each draft → submitted → approved | returned (with reasons) (A10.3)
-- catalog_review_event     every submission and decision, with the decision deadline counted in working days (A11.1)
-- catalog_item             a catalog entry's identity; `current_revision_id` points at its approved revision
-- catalog_item_revision    the A10.2 fields of an item as changed in one version; every approved one stays readable
-- level_catalog_member     the approved institutional catalog versions a level catalog version compiles (A10.1)
-- catalog_update_obligation a change of legal basis or duty, starting the 15-working-day update deadline (A11.1)
--
-- The rules of A21 (share type), A27 (open type) and A9.2 (category and grade) are checks on the revision.

-- ---------------------------------------------------------------------------------------------------------------
-- Vocabulary
-- ---------------------------------------------------------------------------------------------------------------

create type data_form as enum ('database_table', 'file', 'interface', 'spatial', 'other');
create type share_type as enum ('unconditional', 'conditional', 'not_shared');
create type open_type as enum ('unconditional', 'conditional', 'not_open');
create type not_open_ground as enum ('trade_secret', 'privacy', 'law');
create type update_frequency as enum ('real_time', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'irregular');
create type catalog_kind as enum ('institutional', 'level');
create type catalog_version_state as enum ('draft', 'submitted', 'approved', 'returned');

comment on type data_form is 'A10.2: 数据形式 — 库表, 文件, 接口, 空间数据, 其他.';
comment on type share_type is 'A21.1: 共享类型 — 无条件共享, 有条件共享, 不予共享.';
comment on type open_type is 'A27.1: 开放属性 — 无条件开放, 有条件开放, 非开放.';
comment on type not_open_ground is 'A27.1: the ground of 非开放 — 商业秘密, 个人隐私, 法律法规规定不得开放.';
comment on type update_frequency is 'A10.2 / A16.1: 更新频率.';

-- A16.1: how old an item's data may be before it is stale; NULL for irregular updates (不定期), never stale.
create function update_frequency_allowance(frequency update_frequency) returns interval
    language sql immutable strict parallel safe
    return case frequency
        when 'real_time' then interval '1 day'
        when 'daily' then interval '1 day'
        when 'weekly' then interval '7 days'
        when 'monthly' then interval '1 month'
        when 'quarterly' then interval '3 months'
        when 'half_yearly' then interval '6 months'
        when 'yearly' then interval '1 year'
    end;

-- A10.2: share content (共享内容) is a non-empty array of data items {name, type, description}, names unique.
create function catalog_data_items_valid(items jsonb) returns boolean
    language sql immutable strict parallel safe
    return jsonb_typeof(items) = 'array'
        and jsonb_array_length(items) > 0
        and not exists (
            select 1 from jsonb_array_elements(items) as e(item)
             where jsonb_typeof(item) <> 'object'
                or jsonb_typeof(item -> 'name') is distinct from 'string'
                or btrim(item ->> 'name') = ''
                or item ->> 'type' is null
                or item ->> 'type' not in ('string', 'integer', 'decimal', 'boolean', 'date', 'datetime', 'binary', 'geometry')
                or (item ? 'description' and jsonb_typeof(item -> 'description') not in ('string', 'null'))
                or exists (select 1 from jsonb_object_keys(item) as k(key) where key not in ('name', 'type', 'description'))
        )
        and (select count(distinct e ->> 'name') from jsonb_array_elements(items) as e) = jsonb_array_length(items);

create function is_blank(value text) returns boolean
    language sql immutable parallel safe
    return value is null or btrim(value) = '';

-- ---------------------------------------------------------------------------------------------------------------
-- Catalogs and their versions (A10.1, A10.3)
-- ---------------------------------------------------------------------------------------------------------------

create table catalog (
    id uuid primary key default gen_random_uuid(),
    kind catalog_kind not null,
    institution_uscc uscc not null references institution (uscc),
    division_code char(6) not null references division (code),
    name text not null,
    created_at timestamptz not null default now(),
    constraint catalog_name_not_blank check (btrim(name) <> ''),
    constraint catalog_one_per_owner_a10_1 unique (kind, institution_uscc)
);

comment on table catalog is 'A10.1: an institution''s catalog (部门目录) or a level catalog (本级目录) kept by the level''s authority.';

-- The catalog's division is its institution's; a level catalog belongs to the division's public data authority.
create function catalog_owner_check() returns trigger
    language plpgsql
as $$
declare
    owner institution%rowtype;
begin
    select * into owner from institution where uscc = new.institution_uscc;
    if owner.division_code is distinct from new.division_code then
        raise exception using errcode = 'check_violation', constraint = 'catalog_division_of_owner_a10_1',
            message = 'a catalog belongs to its institution''s division', column = 'division_code';
    end if;
    if new.kind = 'level' and owner.kind <> 'public_data_authority' then
        raise exception using errcode = 'check_violation', constraint = 'catalog_level_kept_by_authority_a10_1',
            message = 'a level catalog is kept by the public data authority of its division', column = 'institution_uscc';
    end if;
    return new;
end
$$;

create trigger catalog_owner_check before insert or update on catalog
    for each row execute function catalog_owner_check();

create table catalog_version (
    id uuid primary key default gen_random_uuid(),
    catalog_id uuid not null references catalog (id),
    number int not null,
    state catalog_version_state not null default 'draft',
    note text,
    created_at timestamptz not null default now(),
    submitted_at timestamptz,
    submitted_on date,
    decision_due date,
    decided_at timestamptz,
    reviewer_institution uscc references institution (uscc),
    reviewer_account uuid references account (id),
    return_reason text,
    constraint catalog_version_number_unique unique (catalog_id, number),
    constraint catalog_version_submission_dated_a11_1 check (
        (state = 'draft') = (submitted_at is null) and (submitted_at is null) = (decision_due is null)
        and (submitted_at is null) = (submitted_on is null)),
    constraint catalog_version_decision_recorded_a10_3 check (
        (state in ('approved', 'returned')) = (decided_at is not null and reviewer_institution is not null)),
    constraint catalog_version_returned_with_reasons_a10_3 check ((state = 'returned') = not is_blank(return_reason))
);

comment on table catalog_version is 'A10.3: a numbered version of a catalog: draft → submitted → approved | returned (with reasons).';

create unique index catalog_version_one_open_a10_3 on catalog_version (catalog_id) where state <> 'approved';

create table catalog_review_event (
    id bigint generated always as identity primary key,
    version_id uuid not null references catalog_version (id),
    event text not null,
    at timestamptz not null default now(),
    on_date date not null,
    decision_due date,
    reviewer_institution uscc references institution (uscc),
    reason text,
    constraint catalog_review_event_known check (event in ('submitted', 'approved', 'returned', 'reopened'))
);

comment on table catalog_review_event is 'A10.3 / A11.1: the review history of each catalog version, with its decision deadline.';

create index catalog_review_event_version_idx on catalog_review_event (version_id);

-- The authority that decides on a catalog: an institution's catalog goes to the authority of the same division,
-- a level catalog to the authority of the division above (the region's own level catalog to itself).
create function catalog_reviewing_division(p_catalog uuid) returns char(6)
    language sql stable
    return (
        select case when c.kind = 'institutional' then c.division_code else coalesce(d.parent_code, d.code) end
          from catalog c join division d on d.code = c.division_code
         where c.id = p_catalog);

-- The state machine of a version; it also stamps the dates and deadlines so no path can store wrong ones.
create function catalog_version_transition() returns trigger
    language plpgsql
as $$
declare
    reviewing char(6);
begin
    if tg_op = 'INSERT' then
        if new.state <> 'draft' then
            raise exception using errcode = 'check_violation', constraint = 'catalog_version_starts_as_draft_a10_3',
                message = 'a catalog version starts as a draft', column = 'state';
        end if;
        new.number := coalesce((select max(number) from catalog_version where catalog_id = new.catalog_id), 0) + 1;
        new.submitted_at := null; new.submitted_on := null; new.decision_due := null;
        new.decided_at := null; new.reviewer_institution := null; new.reviewer_account := null; new.return_reason := null;
        return new;
    end if;
    if tg_op = 'DELETE' then
        if old.state <> 'draft' or exists (select 1 from catalog_review_event where version_id = old.id) then
            raise exception using errcode = 'check_violation', constraint = 'catalog_version_history_kept_a10_3',
                message = 'only a draft that was never submitted can be discarded';
        end if;
        return old;
    end if;
    if new.catalog_id <> old.catalog_id or new.number <> old.number then
        raise exception using errcode = 'check_violation', constraint = 'catalog_version_history_kept_a10_3',
            message = 'a version cannot move to another catalog or number';
    end if;
    if old.state = new.state then
        if old.state <> 'draft' or (old.submitted_at, old.decided_at, old.reviewer_institution, old.return_reason)
            is distinct from (new.submitted_at, new.decided_at, new.reviewer_institution, new.return_reason) then
            raise exception using errcode = 'check_violation', constraint = 'catalog_version_history_kept_a10_3',
                message = format('a %s version cannot be changed', old.state);
        end if;
        return new;
    end if;
    case
        when old.state = 'draft' and new.state = 'submitted' then
            if not exists (select 1 from catalog_item_revision where version_id = new.id)
               and not exists (select 1 from level_catalog_member where version_id = new.id) then
                raise exception using errcode = 'check_violation', constraint = 'catalog_version_not_empty_a10_3',
                    message = 'a version without changes cannot be submitted';
            end if;
            new.submitted_at := now();
            new.submitted_on := civil_date(now());
            new.decision_due := add_working_days(new.submitted_on, 5);
            new.decided_at := null; new.reviewer_institution := null; new.reviewer_account := null; new.return_reason := null;
            insert into catalog_review_event (version_id, event, on_date, decision_due)
            values (new.id, 'submitted', new.submitted_on, new.decision_due);
            update catalog_update_obligation
               set fulfilled_version_id = new.id, fulfilled_on = new.submitted_on
             where catalog_id = new.catalog_id and fulfilled_version_id is null and event_on <= new.submitted_on;
        when old.state = 'submitted' and new.state in ('approved', 'returned') then
            reviewing := catalog_reviewing_division(new.catalog_id);
            if not exists (select 1 from institution where uscc = new.reviewer_institution
                              and kind = 'public_data_authority' and division_code = reviewing) then
                raise exception using errcode = 'check_violation', constraint = 'catalog_reviewed_by_competent_authority_a10_1',
                    message = format('this catalog is reviewed by the public data authority of division %s', reviewing),
                    column = 'reviewer_institution';
            end if;
            new.decided_at := now();
            if new.state = 'approved' then new.return_reason := null; end if;
            insert into catalog_review_event (version_id, event, on_date, decision_due, reviewer_institution, reason)
            values (new.id, new.state::text, civil_date(now()), old.decision_due, new.reviewer_institution, new.return_reason);
        when old.state = 'returned' and new.state = 'draft' then
            new.submitted_at := null; new.submitted_on := null; new.decision_due := null;
            new.decided_at := null; new.reviewer_institution := null; new.reviewer_account := null; new.return_reason := null;
            insert into catalog_review_event (version_id, event, on_date) values (new.id, 'reopened', civil_date(now()));
        else
            raise exception using errcode = 'check_violation', constraint = 'catalog_version_transition_a10_3',
                message = format('a catalog version cannot go from %s to %s', old.state, new.state), column = 'state';
    end case;
    return new;
end
$$;

create trigger catalog_version_transition before insert or update or delete on catalog_version
    for each row execute function catalog_version_transition();

-- ---------------------------------------------------------------------------------------------------------------
-- Items and their revisions (A10.2, A21.1, A27.1, A9.2, A16.1)
-- ---------------------------------------------------------------------------------------------------------------

create table catalog_item (
    id uuid primary key default gen_random_uuid(),
    catalog_id uuid not null references catalog (id),
    code text not null,
    current_revision_id bigint,
    created_at timestamptz not null default now(),
    constraint catalog_item_code_format check (code ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
    constraint catalog_item_code_unique_a10_1 unique (catalog_id, code)
);

comment on table catalog_item is 'A10.1: an entry of an institutional catalog; current_revision_id is its approved state.';

create table catalog_item_revision (
    id bigint generated always as identity primary key,
    item_id uuid not null references catalog_item (id),
    version_id uuid not null references catalog_version (id),
    withdrawn boolean not null default false,
    name text not null,
    description text,
    data_form data_form not null,
    data_items jsonb not null,
    share_type share_type not null,
    share_conditions text,
    share_reason text,
    share_legal_basis text,
    share_scope text not null,
    open_type open_type not null,
    open_conditions text,
    not_open_ground not_open_ground,
    open_legal_basis text,
    update_frequency update_frequency not null,
    collecting_department text not null,
    approving_department text not null,
    providing_department text not null,
    source_institution_uscc uscc not null references institution (uscc),
    category_scheme text,
    category_code text,
    grade data_grade,
    legal_basis text,
    base_data_kind_code text references base_data_kind (code),
    data_updated_on date,
    livelihood_related boolean not null default false,
    constraint catalog_item_revision_once_per_version unique (item_id, version_id),
    constraint catalog_item_name_not_blank_a10_2 check (btrim(name) <> ''),
    constraint catalog_item_share_content_a10_2 check (catalog_data_items_valid(data_items)),
    constraint catalog_item_share_scope_a10_2 check (btrim(share_scope) <> ''),
    constraint catalog_item_departments_named_a10_2 check (
        btrim(collecting_department) <> '' and btrim(approving_department) <> '' and btrim(providing_department) <> ''),
    constraint catalog_item_restricted_share_needs_reason_a21_1 check (share_type = 'unconditional' or not is_blank(share_reason)),
    constraint catalog_item_restricted_share_needs_legal_basis_a21_1 check (
        share_type = 'unconditional' or not is_blank(share_legal_basis)),
    constraint catalog_item_conditional_share_needs_conditions_a21_1 check (
        share_type <> 'conditional' or not is_blank(share_conditions)),
    constraint catalog_item_not_open_needs_ground_a27_1 check (open_type <> 'not_open' or not_open_ground is not null),
    constraint catalog_item_not_open_law_named_a27_1 check (
        not_open_ground is distinct from 'law' or not is_blank(open_legal_basis)),
    constraint catalog_item_open_ground_only_when_not_open_a27_1 check (open_type = 'not_open' or not_open_ground is null),
    constraint catalog_item_conditional_open_needs_conditions_a27_1 check (
        open_type <> 'conditional' or not is_blank(open_conditions)),
    constraint catalog_item_category_and_grade_a9_2 check (
        category_scheme is not null and category_code is not null and grade is not null),
    constraint catalog_item_category_exists_a9_2 foreign key (category_scheme, category_code) references data_category (scheme_code, code),
    constraint catalog_item_core_not_unconditionally_open_a9_2 check (grade <> 'core' or open_type <> 'unconditional')
);

comment on table catalog_item_revision is 'A10.2: the fields of a catalog item as one catalog version sets them; approved revisions stay readable.';

alter table catalog_item add constraint catalog_item_current_revision_fk
    foreign key (current_revision_id) references catalog_item_revision (id);

create index catalog_item_revision_version_idx on catalog_item_revision (version_id);
create index catalog_item_revision_item_idx on catalog_item_revision (item_id);
create index catalog_item_revision_source_idx on catalog_item_revision (source_institution_uscc);
create index catalog_item_revision_base_kind_idx on catalog_item_revision (base_data_kind_code) where base_data_kind_code is not null;

-- A revision changes only inside a draft of its own catalog: approved versions stay as they were (A10.3).
create function catalog_item_revision_draft_only() returns trigger
    language plpgsql
as $$
declare
    target catalog_item_revision := case when tg_op = 'DELETE' then old else new end;
    version catalog_version%rowtype;
begin
    if tg_op = 'UPDATE' and (new.item_id <> old.item_id or new.version_id <> old.version_id) then
        raise exception using errcode = 'check_violation', constraint = 'catalog_item_revision_draft_only_a10_3',
            message = 'a revision cannot move to another item or version';
    end if;
    select * into version from catalog_version where id = target.version_id;
    if version.state <> 'draft' then
        raise exception using errcode = 'check_violation', constraint = 'catalog_item_revision_draft_only_a10_3',
            message = format('version %s of this catalog is %s: only a draft can change', version.number, version.state);
    end if;
    if version.catalog_id <> (select catalog_id from catalog_item where id = target.item_id) then
        raise exception using errcode = 'check_violation', constraint = 'catalog_item_revision_own_catalog_a10_1',
            message = 'an item changes only in a version of its own catalog', column = 'version_id';
    end if;
    if tg_op = 'DELETE' then return old; end if;
    return new;
end
$$;

create trigger catalog_item_revision_draft_only before insert or update or delete on catalog_item_revision
    for each row execute function catalog_item_revision_draft_only();

-- Items live in institutional catalogs; level catalogs compile approved institutional versions instead.
create function catalog_item_institutional_check() returns trigger
    language plpgsql
as $$
begin
    if (select kind from catalog where id = new.catalog_id) <> 'institutional' then
        raise exception using errcode = 'check_violation', constraint = 'catalog_item_in_institutional_catalog_a10_1',
            message = 'items belong to institutional catalogs; a level catalog compiles approved institutional catalogs',
            column = 'catalog_id';
    end if;
    if tg_op = 'UPDATE' and (new.catalog_id <> old.catalog_id or new.code <> old.code) then
        raise exception using errcode = 'check_violation', constraint = 'catalog_item_identity_kept_a10_3',
            message = 'an item keeps its catalog and code; withdraw it and add a new one instead';
    end if;
    if tg_op = 'UPDATE' and new.current_revision_id is distinct from old.current_revision_id
       and pg_trigger_depth() < 2 then
        raise exception using errcode = 'check_violation', constraint = 'catalog_item_current_by_approval_a10_3',
            message = 'an item''s current revision changes only when a version is approved';
    end if;
    return new;
end
$$;

create trigger catalog_item_institutional_check before insert or update on catalog_item
    for each row execute function catalog_item_institutional_check();

-- On approval, each item changed in the version points at its new revision.
create function catalog_version_publish() returns trigger
    language plpgsql
as $$
begin
    update catalog_item i set current_revision_id = r.id
      from catalog_item_revision r
     where r.version_id = new.id and i.id = r.item_id;
    return null;
end
$$;

create trigger catalog_version_publish after update of state on catalog_version
    for each row when (new.state = 'approved' and old.state = 'submitted') execute function catalog_version_publish();

-- ---------------------------------------------------------------------------------------------------------------
-- Level catalogs compile approved institutional catalogs (A10.1)
-- ---------------------------------------------------------------------------------------------------------------

create table level_catalog_member (
    version_id uuid not null references catalog_version (id),
    member_version_id uuid not null references catalog_version (id),
    primary key (version_id, member_version_id)
);

comment on table level_catalog_member is 'A10.1: the approved institutional catalog versions one level catalog version compiles.';

create function level_catalog_member_check() returns trigger
    language plpgsql
as $$
declare
    target level_catalog_member := case when tg_op = 'DELETE' then old else new end;
    level_catalog catalog%rowtype;
    level_version catalog_version%rowtype;
    member_catalog catalog%rowtype;
begin
    select * into level_version from catalog_version where id = target.version_id;
    select * into level_catalog from catalog where id = level_version.catalog_id;
    if level_version.state <> 'draft' then
        raise exception using errcode = 'check_violation', constraint = 'catalog_item_revision_draft_only_a10_3',
            message = 'only a draft level catalog can change';
    end if;
    if tg_op = 'DELETE' then return old; end if;
    select c.* into member_catalog from catalog c join catalog_version v on v.catalog_id = c.id where v.id = new.member_version_id;
    if level_catalog.kind <> 'level' or member_catalog.kind <> 'institutional'
       or member_catalog.division_code <> level_catalog.division_code
       or (select state from catalog_version where id = new.member_version_id) <> 'approved' then
        raise exception using errcode = 'check_violation', constraint = 'level_catalog_compiles_approved_catalogs_a10_1',
            message = 'a level catalog compiles approved catalogs of institutions in its own division',
            column = 'member_version_id';
    end if;
    return new;
end
$$;

create trigger level_catalog_member_check before insert or update or delete on level_catalog_member
    for each row execute function level_catalog_member_check();

-- ---------------------------------------------------------------------------------------------------------------
-- A11.1: a change of legal basis or duty starts a 15-working-day update deadline
-- ---------------------------------------------------------------------------------------------------------------

create table catalog_update_obligation (
    id uuid primary key default gen_random_uuid(),
    catalog_id uuid not null references catalog (id),
    event_on date not null,
    description text not null,
    legal_basis text,
    update_due date not null,
    fulfilled_version_id uuid references catalog_version (id),
    fulfilled_on date,
    created_at timestamptz not null default now(),
    constraint catalog_update_obligation_described_a11_1 check (btrim(description) <> ''),
    constraint catalog_update_obligation_fulfilment_dated_a11_1 check ((fulfilled_version_id is null) = (fulfilled_on is null))
);

comment on table catalog_update_obligation is
    'A11.1: a change of legal basis or duty; the catalog must be submitted within 15 working days (update_due).';

create index catalog_update_obligation_catalog_idx on catalog_update_obligation (catalog_id) where fulfilled_version_id is null;

create function catalog_update_obligation_due() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'UPDATE' and (new.event_on, new.catalog_id) is distinct from (old.event_on, old.catalog_id) then
        raise exception using errcode = 'check_violation', constraint = 'catalog_update_obligation_due_a11_1',
            message = 'the event of an obligation cannot be moved';
    end if;
    new.update_due := add_working_days(new.event_on, 15);
    return new;
end
$$;

create trigger catalog_update_obligation_due before insert or update on catalog_update_obligation
    for each row execute function catalog_update_obligation_due();

-- ---------------------------------------------------------------------------------------------------------------
-- Reading: an item's state at a version, the published catalog
-- ---------------------------------------------------------------------------------------------------------------

-- The revisions in force at a version: each item's latest revision in this version or an earlier approved one.
create function catalog_revisions_at(p_version uuid) returns setof catalog_item_revision
    language sql stable
as $$
    select distinct on (r.item_id) r.*
      from catalog_version target
      join catalog_version v on v.catalog_id = target.catalog_id
      join catalog_item_revision r on r.version_id = v.id
     where target.id = p_version
       and (v.id = target.id or (v.state = 'approved' and v.number < target.number))
     order by r.item_id, v.number desc
$$;

-- The published catalog: every item's approved revision, unless withdrawn.
create view catalog_item_published as
select r.*, i.code, c.id as catalog_id, c.institution_uscc, c.division_code
  from catalog_item i
  join catalog c on c.id = i.catalog_id
  join catalog_item_revision r on r.id = i.current_revision_id
 where not r.withdrawn;

-- ---------------------------------------------------------------------------------------------------------------
-- Audit (A44.1)
-- ---------------------------------------------------------------------------------------------------------------

create trigger catalog_audit after insert or update or delete on catalog
    for each row execute function audit_row_change('id');
create trigger catalog_no_truncate before truncate on catalog for each statement execute function refuse_truncate();
create trigger catalog_version_audit after insert or update or delete on catalog_version
    for each row execute function audit_row_change('id');
create trigger catalog_version_no_truncate before truncate on catalog_version for each statement execute function refuse_truncate();
create trigger catalog_review_event_audit after insert or update or delete on catalog_review_event
    for each row execute function audit_row_change('id');
create trigger catalog_review_event_no_truncate before truncate on catalog_review_event
    for each statement execute function refuse_truncate();
create trigger catalog_item_audit after insert or update or delete on catalog_item
    for each row execute function audit_row_change('id');
create trigger catalog_item_no_truncate before truncate on catalog_item for each statement execute function refuse_truncate();
create trigger catalog_item_revision_audit after insert or update or delete on catalog_item_revision
    for each row execute function audit_row_change('id');
create trigger catalog_item_revision_no_truncate before truncate on catalog_item_revision
    for each statement execute function refuse_truncate();
create trigger level_catalog_member_audit after insert or update or delete on level_catalog_member
    for each row execute function audit_row_change('version_id, member_version_id');
create trigger level_catalog_member_no_truncate before truncate on level_catalog_member
    for each statement execute function refuse_truncate();
create trigger catalog_update_obligation_audit after insert or update or delete on catalog_update_obligation
    for each row execute function audit_row_change('id');
create trigger catalog_update_obligation_no_truncate before truncate on catalog_update_obligation
    for each statement execute function refuse_truncate();
