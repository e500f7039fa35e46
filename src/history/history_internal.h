/* Shared by history.c (the walk, libgit2), history_parse.c (raw commits and
 * messages) and history_index.c (the file in the git directory).  Not part
 * of the library's interface. */
#ifndef TRIAGE_HISTORY_INT_H
#define TRIAGE_HISTORY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "triage/error.h"
#include "triage/history.h"
#include "triage/str.h"

#define HX_NONE UINT32_MAX
/* The tree state of a commit whose tree (or whose own object) could not be
 * read: a partial clone, a damaged repository.  What it changed is unknown. */
#define HX_UNREADABLE (UINT32_MAX - 1)
#define HX_OID 20

/* ---- raw commit objects ---------------------------------------------- */

typedef struct hx_raw {
	uint8_t tree[HX_OID];
	bool tree_ok;                   /* the tree line was well formed */
	uint8_t (*parents)[HX_OID];     /* reused between calls; free with hx_raw_free */
	size_t nparents, capparents;
	const char *name, *email;       /* spans into the object, not terminated */
	size_t namelen, emaillen;
	int64_t atime, ctime;
	int atz;                        /* minutes east of UTC */
	bool clamped;                   /* the author's time or offset was out of range */
	const char *msg;
	size_t msglen;
} hx_raw;

bool hx_hex_to_oid(const char *hex, uint8_t out[HX_OID]);
/* Times a commit may give, as printed: 0001-01-01 to 9999-12-31 local time,
 * offsets within what time zones use. */
#define HX_TZ_MAX (14 * 60)
#define HX_TIME_MIN INT64_C(-62135596800)
#define HX_TIME_MAX INT64_C(253402300799)
/* Brings *t and *tz into those ranges; true when either was outside. */
bool hx_clamp_time(int64_t *t, int *tz);
void hx_oid_to_hex(const uint8_t oid[HX_OID], char out[41]);
/* Parses the bytes of a commit object.  -1 when it is not one.  A bad tree
 * line (r->tree_ok false) or a bad parent line is passed over, so that the
 * rest of a malformed commit still counts. */
int hx_parse_commit(const char *data, size_t len, hx_raw *out);
void hx_raw_free(hx_raw *r);

/* ---- what the index holds ------------------------------------------- */

typedef struct hx_commit {
	uint8_t oid[HX_OID];
	uint32_t parent;        /* first of nparents entries in hx_data.parents */
	uint32_t nparents;      /* present parents only (none past a shallow boundary) */
	uint32_t info;          /* index into hx_data.infos, or HX_NONE */
	uint32_t gen;           /* 1 + the greatest generation of the parents */
} hx_commit;

/* Author, times and subject, kept for the commits that reference an issue
 * or changed a test file: what an output needs without reading the object
 * again. */
typedef struct hx_info {
	int64_t atime;
	int64_t ctime;          /* committer time: the order of the output */
	int32_t atz;
	uint32_t author;        /* offset in hx_data.strings of "name\0email\0" */
	uint32_t summary;       /* offset in hx_data.strings */
	uint32_t unused;
} hx_info;

typedef struct hx_ref {
	uint32_t number;
	uint32_t commit;
	uint32_t kind;          /* TR_LINK_FIXES or TR_LINK_MENTIONS */
} hx_ref;

/* A path whose changes are known for every commit of the index. */
typedef struct hx_path {
	char *path;
	uint32_t *commits;      /* the commits that changed it, ascending */
	size_t n, cap;
} hx_path;

/* Arrays with a capacity of 0 and a count above 0 are borrowed from the
 * mapped index file (read-only); hx_data_own() copies them before any
 * change.  Strings are NUL-terminated, back to back. */
typedef struct hx_data {
	uint32_t mode;          /* 0: HEAD; 1: all branches and tags */
	uint64_t shallow;       /* checksum of the shallow file; 0 when none */
	uint8_t (*tips)[HX_OID];        /* sorted */
	size_t ntips, captips;
	hx_commit *commits;     /* sorted by oid in a file */
	size_t ncommits, capcommits;
	uint32_t *parents;
	size_t nparents, capparents;
	hx_info *infos;
	size_t ninfos, capinfos;
	tr_buf strings;
	hx_ref *refs;           /* sorted by number, then commit */
	size_t nrefs, caprefs;
	hx_path *paths;         /* sorted by path; always owned */
	size_t npaths, cappaths;
	uint64_t sum;           /* checksum of the file read or written */
	uint64_t base;          /* in a journal: the sum of the index it adds to */
	void *map;              /* the mapped file, or NULL */
	size_t maplen;
} hx_data;

void hx_data_own(hx_data *d);
void hx_data_free(hx_data *d);
uint32_t hx_add_string(hx_data *d, const char *s, size_t n);
const char *hx_string(const hx_data *d, uint32_t off);

/* Reads the index at `path`, whose commits are numbered from `first` (0 for
 * an index, the size of the index for its journal: a journal's links may
 * point into the index below it).  Returns 1 when it was read and is sound,
 * 0 when there is none, -1 when it is damaged or foreign (*why says how);
 * d is left empty unless 1 is returned. */
int hx_index_read(const char *path, size_t first, hx_data *d, const char **why);
/* Writes d (commits sorted by oid) to `path` atomically; sets d->sum. */
int hx_index_write(const char *path, hx_data *d, tr_error *err);

/* A running checksum over bytes given in pieces of any size. */
typedef struct hx_sum {
	uint64_t h, total;
	unsigned char tail[8];
	size_t ntail;
} hx_sum;

void hx_sum_init(hx_sum *s, uint64_t seed);
void hx_sum_add(hx_sum *s, const void *data, size_t n);
uint64_t hx_sum_end(hx_sum *s);
uint64_t hx_checksum(const void *data, size_t n, uint64_t seed);

/* ---- a map from an object id and a small number (history_tree.c) ------- */

typedef struct hx_kent {
	uint8_t oid[HX_OID];
	uint32_t node;
	uint32_t val;           /* HX_NONE: empty */
} hx_kent;

typedef struct hx_kmap {
	hx_kent *e;
	size_t cap, n;
} hx_kmap;

uint32_t hx_kmap_get(const hx_kmap *m, const uint8_t *oid, uint32_t node);   /* HX_NONE if absent */
void hx_kmap_set(hx_kmap *m, const uint8_t *oid, uint32_t node, uint32_t val);
void hx_kmap_free(hx_kmap *m);

/* ---- test-file changes (history_tree.c) ------------------------------ */

typedef struct hx_trees hx_trees;

/* Finds the state of root trees at `paths` (sorted, unique, normalised;
 * taken over), reading from `odb` (borrowed); `repo` names the repository
 * in messages. */
struct git_odb;
hx_trees *hx_trees_new(struct git_odb *odb, const char *repo, char **paths, size_t npaths);
/* The state of a root tree; HX_NONE, with err set, when it cannot be read. */
uint32_t hx_trees_state(hx_trees *t, const uint8_t tree[HX_OID], tr_error *err);
/* The small id of the blob at path number `path` in a state; 0 when none. */
uint32_t hx_trees_leaf(const hx_trees *t, uint32_t state, size_t path);
size_t hx_trees_npaths(const hx_trees *t);
size_t hx_trees_read(const hx_trees *t);
/* How many commits' trees hx_trees_state() could not read. */
size_t hx_trees_unreadable(const hx_trees *t);
void hx_trees_free(hx_trees *t);

/* ---- the walk (history_scan.c), the index put together and the results
 * (history_build.c), the load (history.c) ------------------------------ */

#include <git2.h>

struct tr_history {
	tr_commit *commits;
	size_t ncommits;
	struct issue_links {
		tr_commit_link *v;
		size_t n;
	} *issues;
	size_t nissues;
	tr_history_stats stats;
};

/* A set of commit indices, looked up by the commit's id.  Each slot keeps
 * 32 more bits of the id beside the index, so that a probe seldom has to
 * look at a commit record (a cache miss, on a large history). */
typedef struct hx_idxset {
	uint64_t *slot;         /* tag << 32 | (index + 1); 0 is empty */
	size_t cap, n;
} hx_idxset;

/* Interned authors: offset + 1 of each "name\0email\0" in a string pool. */
typedef struct hx_atab {
	uint32_t *slot;
	size_t n, cap;
} hx_atab;

/* Commits are numbered across two levels: the index's [0, nbase), then the
 * journal's and the walk's, kept in d. */
typedef struct hx_scan {
	git_repository *git;
	git_odb *odb;
	char *name;             /* the repository, for messages */
	tr_error *err;
	tr_history_stats *st;
	hx_data base;           /* the index (mapped, read-only until owned) */
	hx_data d;              /* the journal, then the new commits */
	size_t nbase;           /* commits in the index */
	size_t nold;            /* commits known before the walk: index and journal */
	const uint8_t (*oldtips)[HX_OID];
	size_t noldtips;
	hx_idxset fresh;        /* the new commits, by their place in d */
	uint8_t (*pend)[HX_OID];        /* parent ids of new commits, until resolved */
	size_t npend, cappend;
	uint8_t (*shallow)[HX_OID];     /* sorted */
	size_t nshallow;
	hx_atab authors[2];     /* for the strings of base and of d */
	hx_raw raw;
	hx_trees *tq;           /* test-file states, when there are test files */
	uint32_t *fstate;       /* the state of each new commit, by its place in d */
	size_t unreadable_commits;      /* commits the walk could not read, passed over */
	size_t clamped_times;           /* commits whose author time was out of range */
	size_t capfstate;
} hx_scan;

/* What the results are read from: an index and the journal above it (or
 * nothing above it), numbered across both as in the scan. */
typedef struct hx_view {
	const hx_data *lo, *hi;
	size_t nlo;
} hx_view;

typedef struct hx_saved_opts {
	size_t window, mapped;
} hx_saved_opts;

static inline hx_commit *hx_at(const hx_scan *s, size_t i)
{
	return i < s->nbase ? &s->base.commits[i] : &s->d.commits[i - s->nbase];
}

static inline hx_data *hx_level(hx_scan *s, size_t i)
{
	return i < s->nbase ? &s->base : &s->d;
}

static inline const uint32_t *hx_parents_of(const hx_scan *s, size_t i)
{
	return (i < s->nbase ? s->base.parents : s->d.parents) + hx_at(s, i)->parent;
}

uint32_t hx_author_string(hx_atab *t, hx_data *d, const char *name, size_t nl, const char *email,
                          size_t el);
int hx_build_results(hx_scan *s, const hx_view *vw, const tr_model *m, tr_history *h);
int hx_cmp_str(const void *a, const void *b);
void hx_compact(hx_scan *s, const uint8_t *keep, size_t from, const hx_path *lists, size_t nlists,
                 hx_data *out);
int hx_ensure_info(hx_scan *s, uint32_t idx);
void hx_fast_scan_begin(hx_saved_opts *o);
void hx_fast_scan_end(const hx_saved_opts *o);
void hx_fill_commit(tr_commit *tc, git_mailmap *mm, const char *name, const char *email,
                    const char *summary, int64_t atime, int atz);
const hx_path *hx_find_path(const hx_data *d, const char *path);
int hx_find_tips(hx_scan *s, bool all, uint8_t (**tips)[HX_OID], size_t *ntips);
void hx_generations(hx_scan *s);
int hx_git_fail(hx_scan *s, const char *what);
char *hx_norm_path(const char *s);
uint32_t hx_old_find(const hx_scan *s, const uint8_t *oid);
int hx_read_commit(hx_scan *s, const uint8_t *oid, git_odb_object **obj);
uint64_t hx_read_shallow(hx_scan *s, const char *commondir);
void hx_record_changes(const hx_scan *s, const uint32_t *state, uint32_t i, hx_path *lists);
int hx_walk(hx_scan *s, uint8_t (*tips)[HX_OID], size_t ntips, uint8_t *reached);

#endif
