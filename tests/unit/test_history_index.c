/* The history index file: what is written is read back; a file that is
 * damaged, foreign, or well checksummed but wrong inside is refused, never
 * used.  Through the library's internal interface (src/history/history_internal.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "history/history_internal.h"

static char dir[64], path[128];

static void oid(uint8_t out[HX_OID], unsigned n)
{
	memset(out, 0, HX_OID);
	out[0] = (uint8_t)(n >> 8);
	out[1] = (uint8_t)n;
	out[19] = 0x5A;
}

/* A small valid index: three commits in a line (ids 1 < 2 < 3, 3 the
 * newest), one reference, one path. */
static void sample(hx_data *d)
{
	memset(d, 0, sizeof *d);
	d->mode = 0;
	d->shallow = 0;
	d->ntips = d->captips = 1;
	d->tips = malloc(HX_OID);
	oid(d->tips[0], 3);
	d->ncommits = d->capcommits = 3;
	d->commits = calloc(3, sizeof *d->commits);
	d->nparents = d->capparents = 2;
	d->parents = malloc(2 * sizeof *d->parents);
	for (unsigned i = 0; i < 3; i++) {
		oid(d->commits[i].oid, i + 1);
		d->commits[i].gen = i + 1;
		d->commits[i].info = HX_NONE;
		d->commits[i].parent = i ? i - 1 : 0;
		d->commits[i].nparents = i ? 1 : 0;
		if (i)
			d->parents[i - 1] = i - 1;
	}
	d->ninfos = d->capinfos = 1;
	d->infos = calloc(1, sizeof *d->infos);
	d->infos[0].author = hx_add_string(d, "Ada", 3);
	hx_add_string(d, "ada@example.com", 15);
	d->infos[0].summary = hx_add_string(d, "Fix #305", 8);
	d->infos[0].atime = 1000;
	d->infos[0].ctime = 1000;
	d->commits[2].info = 0;
	d->nrefs = d->caprefs = 1;
	d->refs = malloc(sizeof *d->refs);
	d->refs[0] = (hx_ref){ 305, 2, TR_LINK_FIXES };
	d->npaths = d->cappaths = 1;
	d->paths = calloc(1, sizeof *d->paths);
	d->paths[0].path = strdup("tests/test_a.py");
	d->paths[0].n = d->paths[0].cap = 2;
	d->paths[0].commits = malloc(2 * sizeof(uint32_t));
	d->paths[0].commits[0] = 0;
	d->paths[0].commits[1] = 1;
}

/* Writes d, reads it back; returns why it was refused, or NULL. */
static const char *round_trip(hx_data *d, size_t first, hx_data *back)
{
	tr_error err = TR_ERROR_INIT;
	if (hx_index_write(path, d, &err) < 0) {
		printf("# %s\n", err.message);
		tr_error_clear(&err);
		return "not written";
	}
	const char *why = NULL;
	int rc = hx_index_read(path, first, back, &why);
	return rc > 0 ? NULL : why ? why : "absent";
}

typedef void (*spoil)(hx_data *d);

static void parent_out_of_range(hx_data *d) { d->parents[0] = 7; }
static void commits_out_of_order(hx_data *d) { d->commits[1].oid[0] = 0xFF; }
static void parents_past_the_end(hx_data *d) { d->commits[2].nparents = 5; }
static void info_out_of_range(hx_data *d) { d->commits[1].info = 4; }
static void generation_zero(hx_data *d) { d->commits[0].gen = 0; }
static void string_out_of_range(hx_data *d) { d->infos[0].summary = 9999; }
static void unterminated_strings(hx_data *d) { d->strings.data[d->strings.len - 1] = 'x'; }
static void bad_link_kind(hx_data *d) { d->refs[0].kind = TR_LINK_TOUCHES_TEST; }
static void ref_out_of_range(hx_data *d) { d->refs[0].commit = 3; }
static void path_list_out_of_range(hx_data *d) { d->paths[0].commits[1] = 3; }
static void path_list_out_of_order(hx_data *d) { d->paths[0].commits[0] = 1; }
static void tips_out_of_order(hx_data *d)
{
	d->tips = realloc(d->tips, 2 * HX_OID);
	oid(d->tips[1], 1);
	d->ntips = d->captips = 2;
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/triage-index-XXXXXX");
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(path, sizeof path, "%s/triage/history-head.idx", dir);

	hx_data d, back;
	sample(&d);
	const char *why = round_trip(&d, 0, &back);
	if (ok(why == NULL, "an index is read back (%s)", why ? why : "ok")) {
		is_int(back.ncommits, 3, "its commits");
		ok(memcmp(back.commits, d.commits, 3 * sizeof *d.commits) == 0, "as written");
		is_str(hx_string(&back, back.infos[0].summary), "Fix #305", "a summary");
		is_int(back.refs[0].number, 305, "a reference");
		is_str(back.paths[0].path, "tests/test_a.py", "a path");
		is_int(back.paths[0].n, 2, "with its changes");
		ok(back.sum == d.sum && d.sum != 0, "the checksum is known on both sides");
		/* Owning a mapped index copies it: it can grow like any other. */
		hx_data_own(&back);
		hx_add_string(&back, "more", 4);
		is_str(hx_string(&back, back.infos[0].author), "Ada", "an owned index keeps its strings");
		hx_data_free(&back);
	}

	/* A journal: numbered after the index, links may point below it. */
	why = round_trip(&d, 10, &back);
	ok(why != NULL, "an index is no journal above 10 commits (%s)", why ? why : "accepted");
	hx_data_free(&back);

	/* Well checksummed, wrong inside: each is refused with a reason. */
	static const struct {
		spoil fn;
		const char *name;
	} spoils[] = {
		{ parent_out_of_range, "parent out of range" },
		{ commits_out_of_order, "commits out of order" },
		{ parents_past_the_end, "a parent list past the end" },
		{ info_out_of_range, "commit information out of range" },
		{ generation_zero, "a generation of 0" },
		{ string_out_of_range, "a string out of range" },
		{ unterminated_strings, "unterminated strings" },
		{ bad_link_kind, "a reference of a wrong kind" },
		{ ref_out_of_range, "a reference out of range" },
		{ path_list_out_of_range, "a change out of range" },
		{ path_list_out_of_order, "changes out of order" },
		{ tips_out_of_order, "tips out of order" },
	};
	for (size_t i = 0; i < sizeof spoils / sizeof *spoils; i++) {
		hx_data bad;
		sample(&bad);
		spoils[i].fn(&bad);
		why = round_trip(&bad, 0, &back);
		ok(why != NULL, "refused: %s (%s)", spoils[i].name, why ? why : "accepted!");
		hx_data_free(&back);
		hx_data_free(&bad);
	}

	/* Damage after writing: every single byte changed is noticed. */
	tr_error err = TR_ERROR_INIT;
	hx_index_write(path, &d, &err);
	size_t len;
	char *good = slurp(path, &len);
	size_t refused = 0;
	for (size_t at = 0; at < len; at++) {
		char *bytes = malloc(len);
		memcpy(bytes, good, len);
		bytes[at] ^= 0x21;
		FILE *f = fopen(path, "wb");
		fwrite(bytes, 1, len, f);
		fclose(f);
		free(bytes);
		if (hx_index_read(path, 0, &back, &why) < 0)
			refused++;
		hx_data_free(&back);
	}
	is_int(refused, len, "a changed byte is refused, wherever it is (%zu bytes)", len);
	size_t taken = 0;
	for (size_t cut = 1; cut < len; cut++) {
		FILE *f = fopen(path, "wb");
		fwrite(good, 1, cut, f);
		fclose(f);
		if (hx_index_read(path, 0, &back, &why) >= 0)
			taken++;
		hx_data_free(&back);
	}
	is_int(taken, 0, "a file cut anywhere is refused");
	free(good);
	unlink(path);
	is_int(hx_index_read(path, 0, &back, &why), 0, "no file: no index, no error");

	hx_data_free(&d);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return done_testing();
}
