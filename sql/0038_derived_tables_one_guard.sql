-- 0038_derived_tables_one_guard.sql — issue 8: one guard for the derived tables.
--
-- Derived tables (calendar_day W.2, catalog_listing A10.1, data_refresh_latest A16.1) are written only by the
-- triggers that derive them. 0003, 0031 and 0035 each wrote their own copy of the refusal; one function now serves
-- all three, told by its trigger's arguments which constraint to name and what to say.

-- Arguments: the constraint to name (ending in its requirement id), the message, and optionally a detail.
-- Depth 1 is a statement issued by a client; the deriving triggers run at depth 2 or more.
create function derived_table_refuse_direct_write() returns trigger
    language plpgsql
as $$
begin
    if pg_trigger_depth() >= 2 then
        return null;
    elsif tg_nargs > 2 then
        raise exception using errcode = 'check_violation', constraint = tg_argv[0], message = tg_argv[1],
            detail = tg_argv[2];
    end if;
    raise exception using errcode = 'check_violation', constraint = tg_argv[0], message = tg_argv[1];
end
$$;

drop trigger calendar_day_derived on calendar_day;
create trigger calendar_day_derived before insert or update or delete or truncate on calendar_day
    for each statement execute function derived_table_refuse_direct_write(
        'calendar_day_derived_w_2',
        'calendar_day is derived: change official_day or calendar_year (e.g. calendar_load_year) instead',
        'The working-day table is rebuilt from the official arrangement whenever that changes (W.2).');
drop function calendar_day_refuse_direct_write();

drop trigger catalog_listing_derived on catalog_listing;
create trigger catalog_listing_derived before insert or update or delete or truncate on catalog_listing
    for each statement execute function derived_table_refuse_direct_write(
        'catalog_listing_derived_a10_1',
        'catalog_listing is derived from the approved catalog versions: approve a version instead');
drop function catalog_listing_refuse_direct_write();

drop trigger data_refresh_latest_derived on data_refresh_latest;
create trigger data_refresh_latest_derived before insert or update or delete or truncate on data_refresh_latest
    for each statement execute function derived_table_refuse_direct_write(
        'data_refresh_latest_derived_a16_1',
        'data_refresh_latest is derived from data_refresh: record a refresh instead');
drop function data_refresh_latest_refuse_direct_write();
