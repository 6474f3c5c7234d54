-- 0044_usage_feedback_obtained.sql — usage feedback comes from a data user who obtained the data (A36.1, issue 17).
--
-- A data user reports how it used data it obtained: an item open unconditionally (A28.1), or one whose conditional
-- opening it applied for and was granted (A28.2). Feedback on anything else is refused.

create or replace function pg_temp.edit_function(fn regprocedure, fragment text, replacement text) returns void
    language plpgsql
as $$
declare
    definition text := pg_get_functiondef(fn);
begin
    if position(fragment in definition) = 0 then
        raise exception 'the definition of % does not contain %', fn, fragment;
    end if;
    execute replace(definition, fragment, replacement);
end
$$;

select pg_temp.edit_function('usage_feedback_check()',
    $f$        perform rule_refuse('usage_feedback_by_data_user_a36_1', 'usage feedback comes from a data user', 'data_user');
    end if;$f$,
    $f$        perform rule_refuse('usage_feedback_by_data_user_a36_1', 'usage feedback comes from a data user', 'data_user');
    end if;
    if not exists (select 1 from catalog_item_published p where p.item_id = new.item_id and p.open_type = 'unconditional')
       and not exists (select 1 from open_application a
                        where a.item_id = new.item_id and a.applicant_account = new.data_user_account and a.state = 'approved') then
        perform rule_refuse('usage_feedback_data_obtained_a36_1',
            'usage feedback concerns data the data user obtained: an item open unconditionally, or an approved application',
            'item_id');
    end if;$f$);
