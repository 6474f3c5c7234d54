-- 0013_attribute_evaluations.sql — periodic evaluation and conversion of share and open attributes (A22.1, A29.1).
--
-- attribute_evaluation  an institution's periodic evaluation of a published item that is conditionally shared
--                       (A22 ¶1) or not yet open — conditionally open or not open (A29 ¶1): keep, or convert, with
--                       its reason and evaluator
-- attribute_conversion  a change of share type (共享类型) or open type (开放属性) with its basis — desensitisation
--                       (脱敏), declassification (脱密), the rights holder's consent (相关权利人同意) or an evaluation —
--                       linked to the catalog version whose revision carries the new type (A22 ¶2, A29 ¶2–3)
--
-- Rules about a share attribute end in _a22_1, about an open attribute in _a29_1, so each refusal names its article.
-- Needs: 0008 (catalog_item, catalog_item_revision, catalog_version, catalog_item_published).

create type attribute_kind as enum ('share', 'open');
create type evaluation_outcome as enum ('keep', 'convert');
create type conversion_basis as enum ('desensitisation', 'declassification', 'rights_holder_consent', 'evaluation');

comment on type attribute_kind is 'A22.1 / A29.1: share 共享属性, open 开放属性.';
comment on type evaluation_outcome is 'A22.1 / A29.1: keep 维持, convert 转换.';
comment on type conversion_basis is
    'A22.1 / A29.1: desensitisation 脱敏处理, declassification 脱密处理, rights_holder_consent 相关权利人同意, evaluation 评估.';

-- A22 ¶1 / A29 ¶2: the article a rule about this attribute belongs to, as a constraint suffix.
create function attribute_rule(kind attribute_kind, rule text) returns text
    language sql immutable strict parallel safe
    return rule || case kind when 'share' then '_a22_1' else '_a29_1' end;

-- ---------------------------------------------------------------------------------------------------------------
-- Evaluations
-- ---------------------------------------------------------------------------------------------------------------

create table attribute_evaluation (
    id uuid primary key default gen_random_uuid(),
    item_id uuid not null constraint attribute_evaluation_item_exists_a22_1 references catalog_item (id),
    kind attribute_kind not null,
    -- The published revision evaluated and the institution responsible (A38.1), both stamped by the trigger.
    revision_id bigint constraint attribute_evaluation_revision_exists_a22_1 references catalog_item_revision (id),
    institution_uscc uscc constraint attribute_evaluation_institution_exists_a38_1 references institution (uscc),
    evaluated_on date not null,
    outcome evaluation_outcome not null,
    reason text not null,
    evaluator text not null,
    created_at timestamptz not null default now(),
    constraint attribute_evaluation_reason_given_a22_1 check (kind <> 'share' or btrim(reason) <> ''),
    constraint attribute_evaluation_reason_given_a29_1 check (kind <> 'open' or btrim(reason) <> ''),
    constraint attribute_evaluation_evaluator_named_a22_1 check (kind <> 'share' or btrim(evaluator) <> ''),
    constraint attribute_evaluation_evaluator_named_a29_1 check (kind <> 'open' or btrim(evaluator) <> '')
);

comment on table attribute_evaluation is
    'A22.1 / A29.1: periodic evaluations of conditionally shared and not yet open items, with outcome and reason.';

create index attribute_evaluation_item_idx on attribute_evaluation (item_id, evaluated_on desc);
create index attribute_evaluation_institution_idx on attribute_evaluation (institution_uscc);

-- An evaluation concerns a published item of the kind that is evaluated — conditionally shared (A22 ¶1), or
-- conditionally open or not open (A29 ¶1) — is not dated in the future, and is kept as recorded.
create function attribute_evaluation_check() returns trigger
    language plpgsql
as $$
declare
    target attribute_evaluation := case when tg_op = 'DELETE' then old else new end;
    published record;
begin
    if tg_op <> 'INSERT' then
        raise exception using errcode = 'check_violation', constraint = attribute_rule(target.kind, 'attribute_evaluation_history_kept'),
            message = 'an evaluation is kept as recorded';
    end if;
    select p.id, p.share_type, p.open_type, p.institution_uscc into published
      from catalog_item_published p where p.item_id = new.item_id;
    if not found then
        raise exception using errcode = 'check_violation', constraint = attribute_rule(new.kind, 'attribute_evaluation_item_published'),
            message = 'only a published catalog item is evaluated', column = 'item_id';
    end if;
    if (new.kind = 'share' and published.share_type <> 'conditional')
       or (new.kind = 'open' and published.open_type not in ('conditional', 'not_open')) then
        raise exception using errcode = 'check_violation', constraint = attribute_rule(new.kind, 'attribute_evaluation_item_evaluable'),
            message = format('a %s evaluation concerns a conditionally shared or not yet open item', new.kind), column = 'kind';
    end if;
    if new.evaluated_on > civil_date(now()) then
        raise exception using errcode = 'check_violation', constraint = attribute_rule(new.kind, 'attribute_evaluation_not_in_future'),
            message = 'an evaluation cannot be dated in the future', column = 'evaluated_on';
    end if;
    new.revision_id := published.id;
    new.institution_uscc := published.institution_uscc;
    return new;
end
$$;

create trigger attribute_evaluation_check before insert or update or delete on attribute_evaluation
    for each row execute function attribute_evaluation_check();

create trigger attribute_evaluation_audit after insert or update or delete on attribute_evaluation
    for each row execute function audit_row_change('id');
create trigger attribute_evaluation_no_truncate before truncate on attribute_evaluation
    for each statement execute function refuse_truncate();

-- ---------------------------------------------------------------------------------------------------------------
-- Conversions
-- ---------------------------------------------------------------------------------------------------------------

-- How open a type is: a conversion to a higher rank opens data up and needs its basis.
create function attribute_type_rank(kind attribute_kind, type text) returns int
    language sql immutable strict parallel safe
    return case
        when type = 'unconditional' then 3
        when type = 'conditional' then 2
        when kind = 'share' and type = 'not_shared' then 1
        when kind = 'open' and type = 'not_open' then 1
    end;

create table attribute_conversion (
    id uuid primary key default gen_random_uuid(),
    item_id uuid not null constraint attribute_conversion_item_exists_a22_1 references catalog_item (id),
    kind attribute_kind not null,
    from_type text not null,
    to_type text not null,
    basis conversion_basis,
    evaluation_id uuid constraint attribute_conversion_evaluation_exists_a22_1 references attribute_evaluation (id),
    -- The catalog version whose revision of the item carries the new type.
    version_id uuid not null constraint attribute_conversion_version_exists_a22_1 references catalog_version (id),
    converted_on date not null,
    note text,
    institution_uscc uscc constraint attribute_conversion_institution_exists_a38_1 references institution (uscc),
    created_at timestamptz not null default now(),
    constraint attribute_conversion_types_a22_1 check (
        kind <> 'share' or (from_type in ('unconditional', 'conditional', 'not_shared')
                            and to_type in ('unconditional', 'conditional', 'not_shared'))),
    constraint attribute_conversion_types_a29_1 check (
        kind <> 'open' or (from_type in ('unconditional', 'conditional', 'not_open')
                           and to_type in ('unconditional', 'conditional', 'not_open'))),
    constraint attribute_conversion_changes_type_a22_1 check (kind <> 'share' or from_type <> to_type),
    constraint attribute_conversion_changes_type_a29_1 check (kind <> 'open' or from_type <> to_type),
    -- A22 ¶2: not-shared data become shared after desensitisation or similar processing; conditional data become
    -- unconditional on a basis too (A22 ¶1: an evaluation).
    constraint attribute_conversion_widened_on_basis_a22_1 check (
        kind <> 'share' or attribute_type_rank(kind, to_type) <= attribute_type_rank(kind, from_type) or basis is not null),
    constraint attribute_conversion_not_shared_after_processing_a22_1 check (
        kind <> 'share' or from_type <> 'not_shared' or coalesce(basis in ('desensitisation', 'declassification'), false)),
    -- A29 ¶3: not-open data become open after declassification or desensitisation, or with the rights holder's
    -- consent; A29 ¶2: conditionally open data become unconditionally open after an evaluation.
    constraint attribute_conversion_widened_on_basis_a29_1 check (
        kind <> 'open' or attribute_type_rank(kind, to_type) <= attribute_type_rank(kind, from_type) or basis is not null),
    constraint attribute_conversion_not_open_after_processing_a29_1 check (
        kind <> 'open' or from_type <> 'not_open'
        or coalesce(basis in ('desensitisation', 'declassification', 'rights_holder_consent'), false)),
    constraint attribute_conversion_consent_opens_data_a29_1 check (basis is distinct from 'rights_holder_consent' or kind = 'open'),
    constraint attribute_conversion_evaluation_named_a22_1 check (
        kind <> 'share' or (basis is not distinct from 'evaluation') = (evaluation_id is not null)),
    constraint attribute_conversion_evaluation_named_a29_1 check (
        kind <> 'open' or (basis is not distinct from 'evaluation') = (evaluation_id is not null))
);

comment on table attribute_conversion is
    'A22.1 / A29.1: conversions of share or open type with their basis, linked to the catalog version carrying them.';

create index attribute_conversion_item_idx on attribute_conversion (item_id, converted_on desc);
create index attribute_conversion_institution_idx on attribute_conversion (institution_uscc);

-- A conversion starts from the type the item had in its last approved version before `version_id`, that version's
-- revision of the item carries the new type, an evaluation named as basis found the item convertible, and the
-- record is kept as made.
create function attribute_conversion_check() returns trigger
    language plpgsql
as $$
declare
    target attribute_conversion := case when tg_op = 'DELETE' then old else new end;
    carrying catalog_item_revision%rowtype;
    previous catalog_item_revision%rowtype;
    version catalog_version%rowtype;
begin
    if tg_op <> 'INSERT' then
        raise exception using errcode = 'check_violation', constraint = attribute_rule(target.kind, 'attribute_conversion_history_kept'),
            message = 'a conversion is kept as recorded';
    end if;
    if new.evaluation_id is not null and not exists (
        select 1 from attribute_evaluation e
         where e.id = new.evaluation_id and e.item_id = new.item_id and e.kind = new.kind and e.outcome = 'convert') then
        raise exception using errcode = 'check_violation', constraint = attribute_rule(new.kind, 'attribute_conversion_evaluation_found_convertible'),
            message = 'the evaluation named as basis must be of this item and attribute and find it convertible',
            column = 'evaluation_id';
    end if;
    select * into version from catalog_version where id = new.version_id;
    select * into carrying from catalog_item_revision where item_id = new.item_id and version_id = new.version_id;
    if not found or (case new.kind when 'share' then carrying.share_type::text else carrying.open_type::text end)
                    is distinct from new.to_type then
        raise exception using errcode = 'check_violation', constraint = attribute_rule(new.kind, 'attribute_conversion_version_carries_change'),
            message = 'the linked catalog version must change this item to the new type', column = 'version_id';
    end if;
    select r.* into previous
      from catalog_item_revision r join catalog_version v on v.id = r.version_id
     where r.item_id = new.item_id and v.catalog_id = version.catalog_id and v.state = 'approved' and v.number < version.number
     order by v.number desc limit 1;
    if not found or (case new.kind when 'share' then previous.share_type::text else previous.open_type::text end)
                    is distinct from new.from_type then
        raise exception using errcode = 'check_violation', constraint = attribute_rule(new.kind, 'attribute_conversion_from_current_type'),
            message = 'a conversion starts from the type of the item''s previous approved version', column = 'from_type';
    end if;
    new.institution_uscc := (select c.institution_uscc from catalog c where c.id = version.catalog_id);
    return new;
end
$$;

create trigger attribute_conversion_check before insert or update or delete on attribute_conversion
    for each row execute function attribute_conversion_check();

create trigger attribute_conversion_audit after insert or update or delete on attribute_conversion
    for each row execute function audit_row_change('id');
create trigger attribute_conversion_no_truncate before truncate on attribute_conversion
    for each statement execute function refuse_truncate();
