#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "triage/error.h"
#include "triage/str.h"

static const char *const status_names[] = {
#define X(name, text) text,
	TR_STATUS_LIST(X)
#undef X
};

const char *tr_status_name(tr_status status)
{
	if ((size_t)status >= sizeof status_names / sizeof *status_names)
		return "error";
	return status_names[status];
}

static void error_vset(tr_error *err, tr_status status, const char *fmt, va_list ap)
{
	char *msg = tr_vsprintf(fmt, ap);
	free(err->message);
	err->message = msg;
	err->status = status == TR_OK ? TR_FORMAT : status;
}

int tr_error_set(tr_error *err, tr_status status, const char *fmt, ...)
{
	if (!err || err->status != TR_OK)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, status, fmt, ap);
	va_end(ap);
	return -1;
}

int tr_error_reset(tr_error *err, tr_status status, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, status, fmt, ap);
	va_end(ap);
	return -1;
}

void tr_error_clear(tr_error *err)
{
	if (!err)
		return;
	free(err->message);
	err->message = NULL;
	err->status = TR_OK;
}
