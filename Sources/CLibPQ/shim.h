#ifndef EVIDENCE_LEDGER_CLIBPQ_SHIM_H
#define EVIDENCE_LEDGER_CLIBPQ_SHIM_H

#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#elif __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#error "libpq-fe.h not found: install libpq-dev (Debian/Ubuntu) or libpq (Homebrew)"
#endif

/* The PG_DIAG_* field codes are character-literal macros, which Swift cannot import. */
static const int CLIBPQ_DIAG_SEVERITY_NONLOCALIZED = 'V';
static const int CLIBPQ_DIAG_SQLSTATE = 'C';
static const int CLIBPQ_DIAG_MESSAGE_PRIMARY = 'M';
static const int CLIBPQ_DIAG_MESSAGE_DETAIL = 'D';
static const int CLIBPQ_DIAG_MESSAGE_HINT = 'H';
static const int CLIBPQ_DIAG_STATEMENT_POSITION = 'P';
static const int CLIBPQ_DIAG_INTERNAL_POSITION = 'p';
static const int CLIBPQ_DIAG_INTERNAL_QUERY = 'q';
static const int CLIBPQ_DIAG_CONTEXT = 'W';
static const int CLIBPQ_DIAG_SCHEMA_NAME = 's';
static const int CLIBPQ_DIAG_TABLE_NAME = 't';
static const int CLIBPQ_DIAG_COLUMN_NAME = 'c';
static const int CLIBPQ_DIAG_DATATYPE_NAME = 'd';
static const int CLIBPQ_DIAG_CONSTRAINT_NAME = 'n';

#endif
