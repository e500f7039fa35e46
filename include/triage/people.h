/* The people named in progress ("Alice Example <alice@example.com>"): each
 * is shown by name alone, unless someone else seen has that name too, and
 * then with the address that tells them apart. */
#ifndef TRIAGE_PEOPLE_H
#define TRIAGE_PEOPLE_H
#include <stddef.h>
#include "triage/map.h"

typedef struct tr_people {
	tr_smap full;           /* every "Name <email>" seen */
	tr_smap names;          /* a name -> how many of those have it */
} tr_people;
#define TR_PEOPLE_INIT { TR_SMAP_INIT, TR_SMAP_INIT }

/* One more person seen (again, maybe). */
void tr_people_add(tr_people *p, const char *who);
void tr_people_free(tr_people *p);
/* How much of `who` to show: the name alone, or all of it when someone
 * else seen (`who` may not be) has that name. */
size_t tr_people_shown_len(const tr_people *p, const char *who);
#endif
