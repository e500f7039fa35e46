/* A string -> size_t map: the report reader's indexes (title words, chain
 * names, renamed ids), the stand-up's chains of changes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "triage/map.h"

struct tr_smap_slot {
	char *key;              /* NULL = empty */
	size_t len;
	uint64_t hash;
	size_t value;
};

static struct tr_smap_slot *find(const tr_smap *m, const char *key, size_t n, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct tr_smap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->len == n && memcmp(s->key, key, n) == 0))
			return s;
	}
}

size_t tr_smap_get(const tr_smap *m, const char *key, size_t n)
{
	if (!m->cap)
		return TR_NONE;
	struct tr_smap_slot *s = find(m, key, n, tr_hash_bytes(key, n));
	return s->key ? s->value : TR_NONE;
}

static void grow(tr_smap *m)
{
	size_t ocap = m->cap;
	struct tr_smap_slot *old = m->slots;
	m->cap = ocap ? ocap * 2 : 64;
	m->slots = tr_calloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

size_t tr_smap_put(tr_smap *m, const char *key, size_t n, size_t value)
{
	if ((m->used + 1) * 2 > m->cap)
		grow(m);
	uint64_t h = tr_hash_bytes(key, n);
	struct tr_smap_slot *s = find(m, key, n, h);
	if (s->key)
		return s->value;
	s->key = tr_strndup(key, n);
	s->len = n;
	s->hash = h;
	s->value = value;
	m->used++;
	return value;
}

void tr_smap_free(tr_smap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->used = 0;
}

void tr_smap_set(tr_smap *m, const char *key, size_t n, size_t value)
{
	if ((m->used + 1) * 2 > m->cap)
		grow(m);
	uint64_t h = tr_hash_bytes(key, n);
	struct tr_smap_slot *s = find(m, key, n, h);
	if (!s->key) {
		s->key = tr_strndup(key, n);
		s->len = n;
		s->hash = h;
		m->used++;
	}
	s->value = value;
}
