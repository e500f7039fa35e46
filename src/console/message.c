/* The status line's message, one at a time until the next key, and the log
 * of every message shown, for the messages view (m).  Paths in messages are
 * given relative to the work tree (else to the current directory): the
 * status line is one line, and an absolute path would fill it. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console/state.h"
#include "triage/repo.h"
#include "triage/text.h"

/* A path's start: nothing, or a character no path has inside it. */
static bool path_boundary(const char *s, const char *at)
{
	return at == s || strchr(" \t(\"'=:,", at[-1]) != NULL;
}

/* text with every path under `dir` (ending in '/') made relative to it. */
static char *relative_to(const char *text, const char *dir)
{
	size_t dn = strlen(dir);
	tr_buf b = TR_BUF_INIT;
	const char *p = text;
	for (const char *hit; dn > 1 && (hit = strstr(p, dir)) != NULL; p = hit + dn) {
		tr_buf_add(&b, p, (size_t)(hit - p));
		if (!path_boundary(text, hit) || !hit[dn])
			tr_buf_add(&b, hit, dn);
	}
	tr_buf_adds(&b, p);
	char *out = tr_buf_detach(&b);
	return out ? out : tr_strdup("");
}

static char *short_paths(const tr_app *app, const char *text)
{
	const char *wd = app->repo ? tr_repo_workdir(app->repo) : NULL;
	if (wd && *wd) {
		size_t n = strlen(wd);
		char *dir = wd[n - 1] == '/' ? tr_strdup(wd) : tr_sprintf("%s/", wd);
		char *out = relative_to(text, dir);
		free(dir);
		return out;
	}
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return tr_strdup(text);
	char *dir = tr_sprintf("%s/", cwd);
	char *out = relative_to(text, dir);
	free(dir);
	free(cwd);
	return out;
}

static void log_add(ui_console *con, const char *text, bool error)
{
	if (con->log_n == UI_LOG_MAX) {
		free(con->log_v[0].text);
		memmove(con->log_v, con->log_v + 1, (con->log_n - 1) * sizeof *con->log_v);
		con->log_n--;
	}
	tr_grow((void **)&con->log_v, &con->log_cap, con->log_n + 1, sizeof *con->log_v);
	con->log_v[con->log_n++] = (struct ui_log_entry){ tr_strdup(text), error };
}

static void set_message(tr_app *app, bool error, bool keep, const char *fmt, va_list ap)
{
	ui_console *con = app->con;
	char *text = tr_vsprintf(fmt, ap);
	free(con->message);
	con->message = short_paths(app, text);
	free(text);
	con->message_error = error;
	con->dirty = true;
	if (keep)
		log_add(con, con->message, error);
}

void app_say(tr_app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(app, false, false, fmt, ap);
	va_end(ap);
}

void app_message(tr_app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(app, false, true, fmt, ap);
	va_end(ap);
}

void app_error(tr_app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(app, true, true, fmt, ap);
	va_end(ap);
}

void app_log(tr_app *app, bool error, const char *text)
{
	char *t = short_paths(app, text);
	log_add(app->con, t, error);
	free(t);
}

size_t app_log_count(const tr_app *app)
{
	return app->con->log_n;
}

const char *app_log_at(const tr_app *app, size_t i, bool *error)
{
	if (i >= app->con->log_n)
		return NULL;
	if (error)
		*error = app->con->log_v[i].error;
	return app->con->log_v[i].text;
}

bool app_read_only(const tr_app *app)
{
	return !app->store || tr_store_read_only(app->store);
}

char *app_read_only_reason(const tr_app *app)
{
	if (!app->store)
		return tr_strdup("there is no place for the progress file here (name one with --state FILE)");
	if (!tr_store_read_only(app->store))
		return NULL;
	const tr_error *why = tr_store_problem(app->store);
	return short_paths(app, why && why->message ? why->message : "opened read-only");
}

void app_messages_free(tr_app *app)
{
	ui_console *con = app->con;
	free(con->message);
	con->message = NULL;
	for (size_t i = 0; i < con->log_n; i++)
		free(con->log_v[i].text);
	free(con->log_v);
	con->log_v = NULL;
	con->log_n = con->log_cap = 0;
}
