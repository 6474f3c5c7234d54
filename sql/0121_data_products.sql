-- 0121_data_products.sql — data products built on open public data (A33.1).
--
-- data_product_maker   数据利用主体 or 公共管理和服务机构
-- data_product         a product recorded by its maker — a data user (its own account) or an institution: its name,
--                      purpose, the day it was made and the open catalog items it uses. Every item is in the open
--                      catalog when the product is recorded (open, not suspended or withdrawn, A28.1 / A28.3), and a
--                      data user uses an item open on conditions only with an approved application of its own (A28.2).
--                      A record is informational and public; it never changes and is never deleted.

create type data_product_maker as enum ('data_user', 'institution');

comment on type data_product_maker is 'A33.1: 数据产品的开发主体 — 数据利用主体, 公共管理和服务机构.';

create table data_product (
    id uuid primary key default gen_random_uuid(),
    product_no bigint generated always as identity unique,
    name text not null,
    maker data_product_maker not null,
    data_user_account uuid constraint data_product_data_user_exists_a33_1 references account (id),
    institution_uscc uscc constraint data_product_institution_exists_a33_1 references institution (uscc),
    purpose text not null,
    made_on date not null,
    item_ids uuid[] not null,
    recorded_by uuid references account (id),
    created_at timestamptz not null default registry_now(),
    constraint data_product_name_a33_1 check (btrim(name) <> '' and char_length(name) <= 200),
    constraint data_product_purpose_a33_1 check (btrim(purpose) <> '' and char_length(purpose) <= 2000),
    constraint data_product_one_maker_a33_1 check (
        case maker when 'data_user' then data_user_account is not null and institution_uscc is null
                   else institution_uscc is not null and data_user_account is null end),
    constraint data_product_items_a33_1 check (cardinality(item_ids) between 1 and 50 and array_position(item_ids, null) is null)
);

comment on table data_product is
    'A33.1: a data product built on open public data by a data user or an institution — name, purpose, the day it was '
    'made and the open catalog items used. Public; never changed or deleted.';

create index data_product_items_idx on data_product using gin (item_ids);
create index data_product_data_user_idx on data_product (data_user_account) where data_user_account is not null;

create function data_product_guard() returns trigger
    language plpgsql
as $$
declare
    item uuid;
begin
    if tg_op = 'DELETE' then
        perform rule_refuse('data_product_kept_a33_1', 'a data product record is kept');
    end if;
    if tg_op = 'UPDATE' then
        perform rule_refuse('data_product_kept_a33_1', 'a data product record does not change');
    end if;
    if new.maker = 'data_user' and not exists (
        select 1 from account where id = new.data_user_account and role = 'data_user') then
        perform rule_refuse('data_product_one_maker_a33_1', 'a data user''s product names a data user account', 'data_user_account');
    end if;
    if new.made_on > registry_today() then
        perform rule_refuse('data_product_made_on_a33_1', 'a product is recorded once it is made', 'made_on');
    end if;
    if cardinality(new.item_ids) <> (select count(distinct i) from unnest(new.item_ids) i) then
        perform rule_refuse('data_product_items_a33_1', 'a product names each item it uses once', 'item_ids');
    end if;
    foreach item in array new.item_ids loop
        if item_opening_state(item) <> 'open' then
            perform rule_refuse('data_product_items_open_a33_1',
                format('item %s is not in the open catalog', item), 'item_ids');
        end if;
        if new.maker = 'data_user'
           and (select p.open_type from catalog_item ci join catalog_item_published p on p.id = ci.current_revision_id
                 where ci.id = item) = 'conditional'
           and not exists (select 1 from open_application a
                            where a.item_id = item and a.applicant_account = new.data_user_account and a.state = 'approved') then
            perform rule_refuse('data_product_conditional_item_granted_a33_1',
                format('item %s is open on conditions and the data user holds no approved application for it', item), 'item_ids');
        end if;
    end loop;
    new.recorded_by := nullif(current_setting('registry.actor_account', true), '')::uuid;
    new.created_at := registry_now();
    return new;
end
$$;

create trigger data_product_guard before insert or update or delete on data_product
    for each row execute function data_product_guard();
create trigger data_product_audit after insert or update or delete on data_product
    for each row execute function audit_row_change('id');
create trigger data_product_no_truncate before truncate on data_product
    for each statement execute function refuse_truncate();
