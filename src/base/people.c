/* Telling people apart by name: counted, not compared with everyone, as a
 * progress file may name thousands of people. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "triage/people.h"

/* The name in "Name <email>": its length (all of `who` where it has none). */
static size_t name_len(const char *who)
{
	const char *lt = strrchr(who, '<');
	size_t n = lt && lt != who ? (size_t)(lt - who) : strlen(who);
	while (n > 0 && who[n - 1] == ' ')
		n--;
	return n ? n : strlen(who);
}

void tr_people_add(tr_people *p, const char *who)
{
	size_t len = strlen(who);
	if (tr_smap_get(&p->full, who, len) != TR_NONE)
		return;
	tr_smap_put(&p->full, who, len, 0);
	size_t n = name_len(who), had = tr_smap_get(&p->names, who, n);
	tr_smap_set(&p->names, who, n, had == TR_NONE ? 1 : had + 1);
}

void tr_people_free(tr_people *p)
{
	tr_smap_free(&p->full);
	tr_smap_free(&p->names);
}

size_t tr_people_shown_len(const tr_people *p, const char *who)
{
	size_t len = strlen(who), n = name_len(who);
	size_t same = tr_smap_get(&p->names, who, n);
	if (same == TR_NONE)
		return n;
	bool self = tr_smap_get(&p->full, who, len) != TR_NONE;
	return same > (self ? 1u : 0u) ? len : n;
}
