/* libFuzzer target for the report reader: any bytes must give a model or a
 * clean error, never a crash, a leak or a hang.
 *
 * An input that starts with "FOLDER\n" is a folder instead: parts separated
 * by a line "=== NAME" are written as files under a fresh folder (NAME made
 * safe: letters, digits, '.', '-', '_' and up to three '/'), and a NAME
 * "@link -> target" makes a symlink; then the folder is read as
 * `triage DIR` reads it, with several reports merged into one model. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "triage/export.h"
#include "triage/report.h"
#include "triage/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The export is written as text: whatever the model holds, it must read
 * back as JSON. */
static void export_model(tr_model *m)
{
	json_t *j = tr_export_model(m);
	if (!j)
		abort();
	char *s = tr_export_dumps(j);
	free(s);
	json_decref(j);
}

static void skipped(void *ctx, const char *path, const char *why)
{
	(void)path;
	(void)why;
	++*(size_t *)ctx;
}

/* A name from the input, made safe to create under the folder. */
static char *safe_name(const char *s, size_t n)
{
	tr_buf b = TR_BUF_INIT;
	int slashes = 0;
	for (size_t i = 0; i < n && b.len < 64; i++) {
		char c = s[i];
		if (c == '/' && b.len && b.data[b.len - 1] != '/' && slashes < 3) {
			slashes++;
			tr_buf_addc(&b, '/');
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		           c == '-' || c == '_' || (c == '.' && b.len && b.data[b.len - 1] != '.' &&
		                                     b.data[b.len - 1] != '/')) {
			tr_buf_addc(&b, c);
		}
	}
	while (b.len && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	if (!b.len)
		tr_buf_adds(&b, "part.md");
	return tr_buf_detach(&b);
}

static void make_parents(const char *root, const char *name)
{
	char *p = tr_sprintf("%s/%s", root, name);
	for (char *s = p + strlen(root) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	free(p);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void folder(const char *data, size_t size)
{
	char root[] = "/tmp/triage-fuzz-XXXXXX";
	if (!mkdtemp(root))
		return;
	const char *end = data + size, *p = data;
	int files = 0;
	while (p < end && files < 16) {
		const char *sep = memmem(p, (size_t)(end - p), "=== ", 4);
		if (sep != p) {
			if (!sep)
				break;
			p = sep;
			continue;
		}
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *body = nl ? nl + 1 : end;
		const char *next = memmem(body, (size_t)(end - body), "\n=== ", 5);
		const char *body_end = next ? next + 1 : end;
		const char *head = p + 4, *head_end = nl ? nl : end;
		if (head < head_end && *head == '@') {
			const char *arrow = memmem(head, (size_t)(head_end - head), " -> ", 4);
			if (arrow) {
				char *link = safe_name(head + 1, (size_t)(arrow - head - 1));
				char *target = tr_strndup(arrow + 4, (size_t)(head_end - arrow - 4));
				make_parents(root, link);
				char *at = tr_sprintf("%s/%s", root, link);
				if (symlink(target, at) != 0 && errno == ENOSPC)
					abort();        /* the fuzzer's disk is full: say so loudly */
				free(at);
				free(link);
				free(target);
			}
		} else {
			char *name = safe_name(head, (size_t)(head_end - head));
			make_parents(root, name);
			char *at = tr_sprintf("%s/%s", root, name);
			FILE *f = fopen(at, "wb");
			if (f) {
				fwrite(body, 1, (size_t)(body_end - body), f);
				fclose(f);
			}
			free(at);
			free(name);
		}
		files++;
		p = body_end;
	}
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	size_t said = 0;
	char *paths[] = { root };
	if (tr_report_load_paths(m, paths, 1, skipped, &said, &err) == 0)
		export_model(m);
	tr_error_clear(&err);
	tr_model_free(m);
	nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 7 && memcmp(data, "FOLDER\n", 7) == 0) {
		folder((const char *)data + 7, size - 7);
		return 0;
	}
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	if (tr_report_load_buffer(m, "fuzz.md", (const char *)data, size, &err) == 0) {
		tr_model_finish(m);
		export_model(m);
	}
	tr_error_clear(&err);
	tr_model_free(m);
	return 0;
}
