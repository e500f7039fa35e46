/* The status line's message: one at a time, until the next key. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>

#include "console/state.h"
#include "triage/text.h"

static void set_message(tr_app *app, bool error, const char *fmt, va_list ap)
{
	free(app->con->message);
	app->con->message = tr_vsprintf(fmt, ap);
	app->con->message_error = error;
	app->con->dirty = true;
}

void app_message(tr_app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(app, false, fmt, ap);
	va_end(ap);
}

void app_error(tr_app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(app, true, fmt, ap);
	va_end(ap);
}
