/* A map from byte strings (NULs included) to size_t: open addressing with
 * linear probing, grown by doubling, for indexes built in one pass. */
#ifndef TRIAGE_MAP_H
#define TRIAGE_MAP_H

#include <stddef.h>

#include "triage/str.h"

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
