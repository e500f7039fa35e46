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
#define HX_OID 20

/* ---- raw commit objects ---------------------------------------------- */

typedef struct hx_raw {
	uint8_t tree[HX_OID];
	uint8_t (*parents)[HX_OID];     /* reused between calls; free with hx_raw_free */
	size_t nparents, capparents;
	const char *name, *email;       /* spans into the object, not terminated */
	size_t namelen, emaillen;
	int64_t atime, ctime;
	int atz;                        /* minutes east of UTC */
	const char *msg;
	size_t msglen;
} hx_raw;

bool hx_hex_to_oid(const char *hex, uint8_t out[HX_OID]);
void hx_oid_to_hex(const uint8_t oid[HX_OID], char out[41]);
/* Parses the bytes of a commit object.  -1 when it is not one. */
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
void hx_trees_free(hx_trees *t);

#endif
