-- 0133_one_refusal_helper.sql — one helper raises every named rule's refusal.
--
-- Sharing (0017, 0020) raised its refusals through `share_request_refuse`, a twin of `rule_refuse` (0008) with the same
-- body. Every function that called the twin is recreated here with `rule_refuse` in its place, nothing else changed in
-- it, and the twin is dropped. The refusals keep their constraint names, messages and columns.
-- Changes the functions whose bodies call share_request_refuse (the share request's and share demand's triggers).

do $$
declare
    f oid;
begin
    for f in
        select p.oid from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = 'public' and p.proname <> 'share_request_refuse' and p.prosrc like '%share_request_refuse(%'
    loop
        execute replace(pg_get_functiondef(f), 'share_request_refuse(', 'rule_refuse(');
    end loop;
end
$$;

drop function share_request_refuse(text, text, text);
