/*
 * registry_audit: the registry's row audit trigger in C (第四十四条, A44.1).
 *
 * audit_row_change('key column[, key column …]' [, 'column to redact' …]) is an AFTER … FOR EACH ROW trigger. For
 * each changed row it writes an audit_log row: the row after whole, and of the row before the values an update
 * replaced (all of them for a delete, sql/0148), redacted columns replaced by "[redacted]"; numbered from
 * audit_log_seq once the transaction has its xid, stamped with who and when as audit_log_chain() stamps, with its
 * digest sha256(utf8(audit_canonical(row))), unsealed. It stores the row itself, checking the table's constraints and
 * maintaining its indexes, instead of through SPI, an executor and two interpreted triggers per row (sql/0145).
 *
 * An account of the audit authority changes nothing but its own reading records and password (第二十九条): the row
 * does not pass audit_log's trigger audit_log_auditor_reads_only, so this trigger asks the same judge,
 * audit_authority_refuse_change() (sql/0147).
 */
#include "postgres.h"

/* The executor calls below are PostgreSQL 15's (Debian 12); 16 changed ExecInitRangeTable and ExecInsertIndexTuples. */
#if PG_VERSION_NUM < 150000 || PG_VERSION_NUM >= 160000
#error "registry_audit is written for PostgreSQL 15 (Debian 12's postgresql package)"
#endif

#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "commands/trigger.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/datetime.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(audit_row_change);

/* The columns of audit_log the trigger fills. */
typedef enum AuditColumn
{
	COL_SEQ,
	COL_OCCURRED_AT,
	COL_ACTOR_ACCOUNT,
	COL_ACTOR_ROLE,
	COL_ACTOR_INSTITUTION,
	COL_DB_USER,
	COL_OPERATION,
	COL_ACTION,
	COL_ENTITY,
	COL_RECORD_ID,
	COL_BEFORE,
	COL_AFTER,
	COL_REQUEST_ID,
	COL_CLOCK_DAY,
	COL_DIGEST,
	AUDIT_COLUMNS
} AuditColumn;

static const char *const audit_column_names[AUDIT_COLUMNS] = {
	"seq", "occurred_at", "actor_account", "actor_role", "actor_institution", "db_user", "operation", "action",
	"entity", "record_id", "before", "after", "request_id", "clock_day", "digest"
};

/* An audit_log row being built: its columns' values and null flags, and their text for the canonical form. */
typedef struct AuditRow
{
	Datum		values[AUDIT_COLUMNS];
	bool		nulls[AUDIT_COLUMNS];
	char	   *text[AUDIT_COLUMNS];
} AuditRow;

/* A session setting, NULL when unset or empty: nullif(current_setting(name, true), ''). */
static char *
setting(const char *name)
{
	const char *value = GetConfigOption(name, true, false);

	return (value == NULL || value[0] == '\0') ? NULL : pstrdup(value);
}

static void
set_text(AuditRow *row, AuditColumn column, char *value)
{
	row->text[column] = value;
	row->nulls[column] = (value == NULL);
	row->values[column] = value == NULL ? (Datum) 0 : CStringGetTextDatum(value);
}

static void
set_jsonb(AuditRow *row, AuditColumn column, Jsonb *value)
{
	row->nulls[column] = (value == NULL);
	row->values[column] = value == NULL ? (Datum) 0 : JsonbPGetDatum(value);
}

/* to_jsonb(record) of a trigger's row, as plpgsql's to_jsonb(OLD) gives it. */
static Jsonb *
row_to_jsonb(HeapTuple tuple, TupleDesc desc)
{
	FmgrInfo	flinfo;
	Const	   *argument = makeNullConst(desc->tdtypeid, -1, InvalidOid);

	fmgr_info(F_TO_JSONB, &flinfo);
	flinfo.fn_expr = (Node *) makeFuncExpr(F_TO_JSONB, JSONBOID, list_make1(argument), InvalidOid, InvalidOid,
										   COERCE_EXPLICIT_CALL);
	return DatumGetJsonbP(FunctionCall1(&flinfo, heap_copy_tuple_as_datum(tuple, desc)));
}

/* The value of `key` in the object `row` (a JSON null is a value), or NULL when it has no such key. */
static JsonbValue *
field(Jsonb *row, const char *key)
{
	return getKeyJsonValueFromContainer(&row->root, key, strlen(key), NULL);
}

/* A copy of `text` without spaces at either end: btrim(text). */
static char *
trimmed(const char *text)
{
	const char *end = text + strlen(text);

	while (*text == ' ')
		text++;
	while (end > text && end[-1] == ' ')
		end--;
	return pnstrdup(text, end - text);
}

/* The key columns of the trigger's first argument, separated by commas. */
static List *
key_columns(const char *argument)
{
	List	   *columns = NIL;
	char	   *copy = pstrdup(argument);
	char	   *saved;

	for (char *part = strtok_r(copy, ",", &saved); part != NULL; part = strtok_r(NULL, ",", &saved))
		columns = lappend(columns, trimmed(part));
	return columns;
}

/* The record's key as text: the key column's value (->>), or the JSON array of the key columns' values. */
static char *
record_key(Jsonb *row, List *columns, const char *table)
{
	ListCell   *cell;
	JsonbParseState *state = NULL;
	JsonbValue *array;

	foreach(cell, columns)
	{
		if (field(row, lfirst(cell)) == NULL)
			elog(ERROR, "audit_row_change(): table %s has no key column %s", table, (char *) lfirst(cell));
	}
	if (list_length(columns) == 1)
	{
		Datum		key = CStringGetTextDatum(linitial(columns));
		FmgrInfo	flinfo;
		Datum		value;
		LOCAL_FCINFO(fcinfo, 2);

		fmgr_info(F_JSONB_OBJECT_FIELD_TEXT, &flinfo);
		InitFunctionCallInfoData(*fcinfo, &flinfo, 2, InvalidOid, NULL, NULL);
		fcinfo->args[0].value = JsonbPGetDatum(row);
		fcinfo->args[0].isnull = false;
		fcinfo->args[1].value = key;
		fcinfo->args[1].isnull = false;
		value = FunctionCallInvoke(fcinfo);
		return fcinfo->isnull ? NULL : TextDatumGetCString(value);
	}
	pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
	foreach(cell, columns)
		pushJsonbValue(&state, WJB_ELEM, field(row, lfirst(cell)));
	array = pushJsonbValue(&state, WJB_END_ARRAY, NULL);
	return JsonbToCString(NULL, &JsonbValueToJsonb(array)->root, 0);
}

/* `row` with `column` replaced by "[redacted]" unless it is a JSON null. */
static Jsonb *
redact(Jsonb *row, const char *column)
{
	JsonbValue *value;
	Datum		path;
	Datum		column_text = CStringGetTextDatum(column);

	if (row == NULL || (value = field(row, column)) == NULL || value->type == jbvNull)
		return row;
	path = PointerGetDatum(construct_array(&column_text, 1, TEXTOID, -1, false, TYPALIGN_INT));
	return DatumGetJsonbP(DirectFunctionCall4(jsonb_set, JsonbPGetDatum(row), path,
											  DirectFunctionCall1(jsonb_in, CStringGetDatum("\"[redacted]\"")),
											  BoolGetDatum(true)));
}

/*
 * Refuses the change of an account of the audit authority (第二十九条) as audit_log's trigger does for the rows it
 * sees: audit_authority_refuse_change() of `schema` (sql/0147) judges, called only for that role.
 */
static void
refuse_auditor_change(AuditRow *row, char *schema)
{
	Oid			argument_types[3] = {TEXTOID, TEXTOID, TEXTOID};
	Oid			function;
	FmgrInfo	flinfo;
	LOCAL_FCINFO(fcinfo, 3);

	if (row->text[COL_ACTOR_ROLE] == NULL || strcmp(row->text[COL_ACTOR_ROLE], "auditor") != 0)
		return;
	function = LookupFuncName(list_make2(makeString(schema), makeString("audit_authority_refuse_change")), 3,
							  argument_types, false);
	fmgr_info(function, &flinfo);
	InitFunctionCallInfoData(*fcinfo, &flinfo, 3, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = row->values[COL_ACTOR_ROLE];
	fcinfo->args[0].isnull = false;
	fcinfo->args[1].value = row->values[COL_ENTITY];
	fcinfo->args[1].isnull = false;
	fcinfo->args[2].value = row->values[COL_ACTION];
	fcinfo->args[2].isnull = false;
	(void) FunctionCallInvoke(fcinfo);
}

/* Appends ", " and a JSON string, or null. */
static void
append_text(StringInfo out, const char *text)
{
	appendStringInfoString(out, ", ");
	if (text == NULL)
		appendStringInfoString(out, "null");
	else
		escape_json(out, text);
}

/* Appends ", " and a JSON document, or null. */
static void
append_jsonb(StringInfo out, Jsonb *jsonb)
{
	appendStringInfoString(out, ", ");
	if (jsonb == NULL)
		appendStringInfoString(out, "null");
	else
		(void) JsonbToCString(out, &jsonb->root, VARSIZE(jsonb));
}

/*
 * audit_canonical(row): the text of the jsonb array of the row's content, which its digest covers. It is written
 * directly, element by element, as jsonb's output writes an array: numbers and strings as jsonb prints them, elements
 * separated by ", ", the row before and after as jsonb prints a document.
 */
static char *
canonical(AuditRow *row, int64 seq, Jsonb *before, Jsonb *after)
{
	StringInfoData out;
	static const AuditColumn texts[] = {
		COL_OCCURRED_AT, COL_ACTOR_ACCOUNT, COL_ACTOR_ROLE, COL_ACTOR_INSTITUTION, COL_DB_USER, COL_OPERATION,
		COL_ACTION, COL_ENTITY, COL_RECORD_ID
	};

	initStringInfo(&out);
	appendStringInfo(&out, "[" INT64_FORMAT, seq);
	for (int i = 0; i < lengthof(texts); i++)
		append_text(&out, row->text[texts[i]]);
	append_jsonb(&out, before);
	append_jsonb(&out, after);
	append_text(&out, row->text[COL_REQUEST_ID]);
	if (row->text[COL_CLOCK_DAY] != NULL)
		append_text(&out, row->text[COL_CLOCK_DAY]);
	appendStringInfoChar(&out, ']');
	return out.data;
}

/* to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'). */
static char *
utc_text(TimestampTz t)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (timestamp2tm(t, NULL, &tm, &fsec, NULL, NULL) != 0)
		elog(ERROR, "audit_row_change(): timestamp out of range");
	return psprintf("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min,
					tm.tm_sec, (int) fsec);
}

/* registry_pinned_day() (W.4) of `schema`: the day the session's clock is pinned to, or NULL on the real clock. */
static bool
pinned_day(AuditRow *row, char *schema)
{
	char	   *day = setting("registry.today");
	Oid			function;
	int			year,
				month,
				mday;

	row->nulls[COL_CLOCK_DAY] = true;
	row->text[COL_CLOCK_DAY] = NULL;
	if (day == NULL)
		return false;
	/* The SQL function judges the setting and refuses a malformed one. */
	function = LookupFuncName(list_make2(makeString(schema), makeString("registry_pinned_day")), 0, NULL, false);
	row->values[COL_CLOCK_DAY] = OidFunctionCall0(function);
	row->nulls[COL_CLOCK_DAY] = false;
	j2date(DatumGetDateADT(row->values[COL_CLOCK_DAY]) + POSTGRES_EPOCH_JDATE, &year, &month, &mday);
	row->text[COL_CLOCK_DAY] = psprintf("%04d-%02d-%02d", year, month, mday);
	return true;
}

/*
 * audit_log's CHECK constraints, ready to evaluate, kept for the session: preparing them for every row cost a sixth of
 * the trigger. They are prepared again after audit_log's relation cache entry is invalidated (by an ALTER TABLE, say).
 */
static MemoryContext checks_context = NULL;
static Oid	checks_relation = InvalidOid;
static ExprState **checks = NULL;

static void
forget_checks(Datum argument, Oid relation)
{
	if (relation == InvalidOid || relation == checks_relation)
		checks_relation = InvalidOid;
}

static ExprState **
prepared_checks(Relation log)
{
	TupleConstr *constraints = RelationGetDescr(log)->constr;
	MemoryContext caller;

	if (checks_relation == RelationGetRelid(log))
		return checks;
	if (checks_context == NULL)
	{
		checks_context = AllocSetContextCreate(CacheMemoryContext, "registry_audit checks", ALLOCSET_SMALL_SIZES);
		CacheRegisterRelcacheCallback(forget_checks, (Datum) 0);
	}
	MemoryContextReset(checks_context);
	caller = MemoryContextSwitchTo(checks_context);
	checks = palloc(constraints->num_check * sizeof(ExprState *));
	for (int i = 0; i < constraints->num_check; i++)
		checks[i] = ExecInitExpr(expression_planner(stringToNode(constraints->check[i].ccbin)), NULL);
	MemoryContextSwitchTo(caller);
	checks_relation = RelationGetRelid(log);
	return checks;
}

/* Stores `row` in audit_log: its constraints checked, its indexes maintained, its triggers not fired. */
static void
store(Relation log, AuditRow *row)
{
	TupleDesc	desc = RelationGetDescr(log);
	EState	   *estate = CreateExecutorState();
	ResultRelInfo *info = makeNode(ResultRelInfo);
	RangeTblEntry *rte = makeNode(RangeTblEntry);
	TupleTableSlot *slot;
	Datum	   *values = palloc0(sizeof(Datum) * desc->natts);
	bool	   *nulls = palloc(sizeof(bool) * desc->natts);

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute attribute = TupleDescAttr(desc, i);
		int			column;

		nulls[i] = true;
		if (attribute->attisdropped)
			continue;
		for (column = 0; column < AUDIT_COLUMNS; column++)
			if (strcmp(NameStr(attribute->attname), audit_column_names[column]) == 0)
				break;
		if (column == AUDIT_COLUMNS)
			elog(ERROR, "audit_row_change(): audit_log has a column %s this trigger does not fill",
				 NameStr(attribute->attname));
		values[i] = row->values[column];
		nulls[i] = row->nulls[column];
	}

	rte->rtekind = RTE_RELATION;
	rte->relid = RelationGetRelid(log);
	rte->relkind = log->rd_rel->relkind;
	rte->rellockmode = RowExclusiveLock;
	ExecInitRangeTable(estate, list_make1(rte));
	InitResultRelInfo(info, log, 1, NULL, 0);
	ExecOpenIndices(info, false);
	slot = ExecInitExtraTupleSlot(estate, desc, &TTSOpsHeapTuple);
	ExecStoreHeapTuple(heap_form_tuple(desc, values, nulls), slot, true);
	if (desc->constr)
	{
		if (desc->constr->num_check > 0)
			info->ri_ConstraintExprs = prepared_checks(log);
		ExecConstraints(info, slot, estate);
	}
	simple_table_tuple_insert(log, slot);
	list_free(ExecInsertIndexTuples(info, slot, estate, false, false, NULL, NIL));
	ExecCloseIndices(info);
	ExecResetTupleTable(estate->es_tupleTable, false);
	FreeExecutorState(estate);
}

/* The columns whose values differ between an UPDATE's old and new row (compared as stored, detoasted). */
static Bitmapset *
changed_columns(HeapTuple old, HeapTuple new, TupleDesc desc)
{
	Bitmapset  *changed = NULL;

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute attribute = TupleDescAttr(desc, i);
		bool		old_null;
		bool		new_null;
		Datum		old_value;
		Datum		new_value;

		if (attribute->attisdropped)
			continue;
		old_value = heap_getattr(old, i + 1, desc, &old_null);
		new_value = heap_getattr(new, i + 1, desc, &new_null);
		if (old_null != new_null
			|| (!old_null && !datum_image_eq(old_value, new_value, attribute->attbyval, attribute->attlen)))
			changed = bms_add_member(changed, i);
	}
	return changed;
}

/* Whether the column named `name` (`length` bytes) is one of the `changed`. */
static bool
is_changed_column(TupleDesc desc, Bitmapset *changed, const char *name, int length)
{
	int			i = -1;

	while ((i = bms_next_member(changed, i)) >= 0)
	{
		const char *column = NameStr(TupleDescAttr(desc, i)->attname);

		if (strlen(column) == length && memcmp(column, name, length) == 0)
			return true;
	}
	return false;
}

/* The old values of the `changed` columns of an UPDATE's row, as an object like to_jsonb's of the whole row. */
static Jsonb *
changed_values(HeapTuple old, TupleDesc desc, Bitmapset *changed)
{
	Datum	   *values = palloc(desc->natts * sizeof(Datum));
	bool	   *nulls = palloc(desc->natts * sizeof(bool));
	Jsonb	   *row;
	JsonbIterator *iterator;
	JsonbIteratorToken token;
	JsonbParseState *state = NULL;
	JsonbValue	value;
	JsonbValue *result = NULL;
	bool		keep = false;

	/* The unchanged columns null first, so that only the changed values are converted. */
	heap_deform_tuple(old, desc, values, nulls);
	for (int i = 0; i < desc->natts; i++)
		nulls[i] = nulls[i] || !bms_is_member(i, changed);
	row = row_to_jsonb(heap_form_tuple(desc, values, nulls), desc);
	iterator = JsonbIteratorInit(&row->root);
	while ((token = JsonbIteratorNext(&iterator, &value, true)) != WJB_DONE)
	{
		if (token == WJB_KEY)
			keep = is_changed_column(desc, changed, value.val.string.val, value.val.string.len);
		if (token == WJB_BEGIN_OBJECT || token == WJB_END_OBJECT)
			result = pushJsonbValue(&state, token, NULL);
		else if (keep)
			result = pushJsonbValue(&state, token, &value);
	}
	return JsonbValueToJsonb(result);
}

/*
 * The row's images and the operation: the new row whole, and of the old row the values an UPDATE changed (all of
 * them for a DELETE); false for an UPDATE that changed nothing.
 */
static bool
row_images(TriggerData *trigger, const char **operation, Jsonb **before, Jsonb **after)
{
	TupleDesc	desc = RelationGetDescr(trigger->tg_relation);
	Bitmapset  *changed;

	*before = NULL;
	*after = NULL;
	if (TRIGGER_FIRED_BY_INSERT(trigger->tg_event))
	{
		*operation = "insert";
		*after = row_to_jsonb(trigger->tg_trigtuple, desc);
		return true;
	}
	if (TRIGGER_FIRED_BY_DELETE(trigger->tg_event))
	{
		*operation = "delete";
		*before = row_to_jsonb(trigger->tg_trigtuple, desc);
		return true;
	}
	*operation = "update";
	changed = changed_columns(trigger->tg_trigtuple, trigger->tg_newtuple, desc);
	if (changed == NULL)
		return false;
	*before = changed_values(trigger->tg_trigtuple, desc, changed);
	*after = row_to_jsonb(trigger->tg_newtuple, desc);
	return true;
}

/* The record's key and its images, the columns named after the key redacted in both (and in *before, *after). */
static void
set_content(AuditRow *row, TriggerData *trigger, const char *table, Jsonb **before, Jsonb **after)
{
	Trigger    *definition = trigger->tg_trigger;
	Jsonb	   *any = *after != NULL ? *after : *before;

	set_text(row, COL_RECORD_ID, record_key(any, key_columns(definition->tgargs[0]), table));
	for (int i = 1; i < definition->tgnargs; i++)
	{
		const char *column = trimmed(definition->tgargs[i]);

		if (field(any, column) == NULL)
			elog(ERROR, "audit_row_change(): table %s has no column %s to redact", table, column);
		*before = redact(*before, column);
		*after = redact(*after, column);
	}
	set_jsonb(row, COL_BEFORE, *before);
	set_jsonb(row, COL_AFTER, *after);
}

/* Who acts and what: the registry.* settings of the transaction (AuditContext), the operation and the table. */
static void
set_action(AuditRow *row, const char *operation, const char *table)
{
	char	   *account = setting("registry.actor_account");
	char	   *action = setting("registry.action");

	row->nulls[COL_ACTOR_ACCOUNT] = (account == NULL);
	if (account != NULL)
	{
		row->values[COL_ACTOR_ACCOUNT] = DirectFunctionCall1(uuid_in, CStringGetDatum(account));
		row->text[COL_ACTOR_ACCOUNT] = DatumGetCString(DirectFunctionCall1(uuid_out, row->values[COL_ACTOR_ACCOUNT]));
	}
	set_text(row, COL_ACTOR_ROLE, setting("registry.actor_role"));
	set_text(row, COL_ACTOR_INSTITUTION, setting("registry.actor_institution"));
	set_text(row, COL_OPERATION, pstrdup(operation));
	set_text(row, COL_ACTION, action != NULL ? action : pstrdup(operation));
	set_text(row, COL_ENTITY, pstrdup(table));
	set_text(row, COL_REQUEST_ID, setting("registry.request_id"));
}

/*
 * What audit_log_chain stamps: the number, drawn once the transaction has its xid (the sealer's watermark, sql/0090),
 * the transaction's start, the session's user and the pinned day.
 */
static int64
stamp(AuditRow *row, char *schema)
{
	int64		seq;

	(void) GetTopFullTransactionId();
	seq = nextval_internal(RangeVarGetRelid(makeRangeVar(schema, "audit_log_seq", -1), NoLock, false), false);
	row->values[COL_SEQ] = Int64GetDatum(seq);
	row->values[COL_OCCURRED_AT] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	row->text[COL_OCCURRED_AT] = utc_text(GetCurrentTransactionStartTimestamp());
	set_text(row, COL_DB_USER, GetUserNameFromId(GetSessionUserId(), false));
	pinned_day(row, schema);
	return seq;
}

/* sha256(text) as bytea. */
static bytea *
sha256_of(const char *text)
{
	bytea	   *digest = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	pg_cryptohash_ctx *hash = pg_cryptohash_create(PG_SHA256);

	SET_VARSIZE(digest, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	if (hash == NULL || pg_cryptohash_init(hash) < 0 || pg_cryptohash_update(hash, (uint8 *) text, strlen(text)) < 0
		|| pg_cryptohash_final(hash, (uint8 *) VARDATA(digest), PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "audit_row_change(): could not compute a SHA-256 digest");
	pg_cryptohash_free(hash);
	return digest;
}

Datum
audit_row_change(PG_FUNCTION_ARGS)
{
	TriggerData *trigger = (TriggerData *) fcinfo->context;
	const char *table;
	const char *operation;
	Jsonb	   *before;
	Jsonb	   *after;
	AuditRow	row;
	Relation	log;
	char	   *schema;
	int64		seq;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(trigger->tg_event)
		|| !TRIGGER_FIRED_FOR_ROW(trigger->tg_event))
		elog(ERROR, "audit_row_change() must be an AFTER … FOR EACH ROW trigger");
	table = RelationGetRelationName(trigger->tg_relation);
	if (trigger->tg_trigger->tgnargs < 1 || trigger->tg_trigger->tgargs[0][0] == '\0')
		elog(ERROR, "audit_row_change() on table %s needs the key column as its first argument", table);
	if (!row_images(trigger, &operation, &before, &after))
		return PointerGetDatum(NULL);

	memset(&row, 0, sizeof(row));
	set_content(&row, trigger, table, &before, &after);
	set_action(&row, operation, table);
	/* The trail is the one beside this function, whatever the caller's search_path. */
	schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	refuse_auditor_change(&row, schema);
	log = table_openrv(makeRangeVar(schema, "audit_log", -1), RowExclusiveLock);
	seq = stamp(&row, schema);
	row.values[COL_DIGEST] = PointerGetDatum(sha256_of(canonical(&row, seq, before, after)));
	store(log, &row);
	table_close(log, NoLock);
	return PointerGetDatum(NULL);
}
