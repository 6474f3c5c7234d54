#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H

#include <libpq-fe.h>

/* The PG_DIAG_* field codes are macros over character literals, which do not
   import into Swift; expose them as constants. */
static const int CLIBPQ_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int CLIBPQ_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int CLIBPQ_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int CLIBPQ_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT;
static const int CLIBPQ_DIAG_SCHEMA_NAME = PG_DIAG_SCHEMA_NAME;
static const int CLIBPQ_DIAG_TABLE_NAME = PG_DIAG_TABLE_NAME;
static const int CLIBPQ_DIAG_COLUMN_NAME = PG_DIAG_COLUMN_NAME;
static const int CLIBPQ_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;

#endif
