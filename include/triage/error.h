/* Errors as values: a status the caller can branch on and a message the
 * user can act on (what, where, what to do).  Only main() decides to exit. */
#ifndef TRIAGE_ERROR_H
#define TRIAGE_ERROR_H

#define TR_STATUS_LIST(X)                                   \
	X(OK,        "ok")                                      \
	X(USAGE,     "usage error")                             \
	X(IO,        "input/output error")                      \
	X(FORMAT,    "bad input")                               \
	X(NOTFOUND,  "not found")                               \
	X(LOCKED,    "locked")                                  \
	X(READONLY,  "read-only")                               \
	X(GIT,       "git error")                               \
	X(NOMEM,     "out of memory")

typedef enum {
#define X(name, text) TR_##name,
	TR_STATUS_LIST(X)
#undef X
} tr_status;

typedef struct tr_error {
	tr_status status;
	char *message;          /* owned; NULL when status == TR_OK */
} tr_error;

#define TR_ERROR_INIT { TR_OK, NULL }

/* Records the first error only: a later, less specific one never hides the
 * cause.  err may be NULL.  Returns -1 so callers can `return tr_error_set(...)`. */
int tr_error_set(tr_error *err, tr_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Replaces whatever was recorded (for wrapping a lower-level message). */
int tr_error_reset(tr_error *err, tr_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tr_error_clear(tr_error *err);
const char *tr_status_name(tr_status status);

#endif
