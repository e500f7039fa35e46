/* A map from byte strings (NULs included) to size_t: open addressing with
 * linear probing, grown by doubling, for indexes built in one pass. */
#ifndef TRIAGE_MAP_H
#define TRIAGE_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "triage/str.h"

/* FNV-1a of n bytes: the maps' hash, stable from run to run (a draft's
 * file is named by it). */
static inline uint64_t tr_hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* Keys are copied. */
typedef struct tr_smap {
	struct tr_smap_slot *slots;
	size_t cap, used;
} tr_smap;

#define TR_SMAP_INIT { NULL, 0, 0 }

/* The value under key, or TR_NONE. */
size_t tr_smap_get(const tr_smap *m, const char *key, size_t n);
/* Stores value under key unless the key is there; returns the value now stored. */
size_t tr_smap_put(tr_smap *m, const char *key, size_t n, size_t value);
/* Stores value under key, replacing what was there. */
void tr_smap_set(tr_smap *m, const char *key, size_t n, size_t value);
void tr_smap_free(tr_smap *m);

#endif
