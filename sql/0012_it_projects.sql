-- 0012_it_projects.sql — information system projects paid with public money (A12.1).
--
-- it_project          a new or upgraded information system of an institution paid with fiscal funds (财政性资金) or
--                     bought as a service: approval (立项), the catalog submitted at the approval stage, acceptance
--                     (竣工验收), and the catalog update and data aggregation that must come before acceptance
-- it_project_finding  every missing or late step of A12.1, with the institution responsible (A38.1)
-- Needs: 0004 (institution).

create type it_project_funding as enum ('fiscal', 'purchased_service');

comment on type it_project_funding is 'A12.1: fiscal 财政性资金, purchased_service 政府购买服务.';

create table it_project (
    id uuid primary key default gen_random_uuid(),
    institution_uscc uscc not null
        constraint it_project_institution_exists_a12_1 references institution (uscc),
    name text not null,
    funding_kind it_project_funding not null,
    -- 立项: the day the project was approved.
    approved_on date not null,
    -- The catalog of the data the project concerns, submitted to the authority at the approval stage (立项报批阶段).
    catalog_submitted_on date,
    -- 竣工验收: the day the project was accepted; NULL while it is being built.
    accepted_on date,
    -- Before acceptance the catalog is updated and the data shared and aggregated on the platform (共享和归集).
    catalog_updated_on date,
    data_aggregated_on date,
    description text,
    created_at timestamptz not null default now(),
    constraint it_project_name_not_blank_a12_1 check (btrim(name) <> ''),
    constraint it_project_accepted_after_approval_a12_1 check (accepted_on >= approved_on),
    constraint it_project_catalog_updated_after_approval_a12_1 check (catalog_updated_on >= approved_on),
    constraint it_project_data_aggregated_after_approval_a12_1 check (data_aggregated_on >= approved_on)
);

comment on table it_project is
    'A12.1: information system projects paid with fiscal funds or bought as a service, with the catalog and data '
    'steps the regulation requires at approval (立项) and before acceptance (竣工验收).';

create index it_project_institution_idx on it_project (institution_uscc);

-- A project stays its institution's (A38.1: whoever runs it is responsible).
create function it_project_check() returns trigger
    language plpgsql
as $$
begin
    if new.institution_uscc <> old.institution_uscc then
        raise exception using errcode = 'check_violation', constraint = 'it_project_institution_kept_a12_1',
            message = 'a project stays with the institution that carries it out', column = 'institution_uscc';
    end if;
    return new;
end
$$;

create trigger it_project_check before update on it_project
    for each row execute function it_project_check();

create trigger it_project_audit after insert or update or delete on it_project
    for each row execute function audit_row_change('id');
create trigger it_project_no_truncate before truncate on it_project
    for each statement execute function refuse_truncate();

-- A12.1: each missing or late step of a project. The catalog is due at the approval stage (on or before
-- approved_on); the catalog update and the data aggregation are due on or before acceptance, so they are findings
-- only once the project has been accepted.
create view it_project_finding as
select p.id as project_id,
       p.name as project_name,
       p.institution_uscc,
       i.name as institution_name,
       i.division_code,
       f.finding,
       f.description,
       'A12.1'::text as article,
       f.due_on,
       f.done_on
  from it_project p
  join institution i on i.uscc = p.institution_uscc
  cross join lateral (values
        ('catalog_not_submitted', '立项报批阶段未提交项目涉及的公共数据目录', p.approved_on, p.catalog_submitted_on,
         p.catalog_submitted_on is null),
        ('catalog_submitted_late', '公共数据目录晚于项目立项提交', p.approved_on, p.catalog_submitted_on,
         p.catalog_submitted_on > p.approved_on),
        ('catalog_not_updated', '竣工验收前未更新公共数据目录', p.accepted_on, p.catalog_updated_on,
         p.accepted_on is not null and p.catalog_updated_on is null),
        ('catalog_updated_late', '公共数据目录晚于竣工验收更新', p.accepted_on, p.catalog_updated_on,
         p.catalog_updated_on > p.accepted_on),
        ('data_not_aggregated', '竣工验收前未向公共数据平台共享和归集相关公共数据', p.accepted_on, p.data_aggregated_on,
         p.accepted_on is not null and p.data_aggregated_on is null),
        ('data_aggregated_late', '相关公共数据晚于竣工验收共享和归集', p.accepted_on, p.data_aggregated_on,
         p.data_aggregated_on > p.accepted_on)
       ) as f(finding, description, due_on, done_on, applies)
 where f.applies;

comment on view it_project_finding is
    'A12.1: missing or late steps of IT projects — catalog at approval, catalog update and data aggregation before '
    'acceptance — each with the institution responsible.';
