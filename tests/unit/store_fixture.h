/* What the store's unit tests share: opening a store that must open,
 * saving a change at a given time, and removing the scratch directory they
 * worked in. */
#ifndef TRIAGE_TEST_STORE_FIXTURE_H
#define TRIAGE_TEST_STORE_FIXTURE_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "triage/store.h"

static inline int remove_entry(const char *p, const struct stat *sb, int flag,
                               struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static inline void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The store opened by `user`, as the console or a command does; a test
 * that cannot open it has nothing to check. */
static inline tr_store *open_store(const char *path, const char *user)
{
	tr_error err = TR_ERROR_INIT;
	tr_store *st = tr_store_open(path, user, false, &err);
	if (!st) {
		printf("Bail out! %s\n", err.message);
		exit(1);
	}
	return st;
}

/* The time the next change is saved at. */
static inline void at(const char *when)
{
	setenv("TRIAGE_NOW", when, 1);
}

/* Saves one change; one that cannot be saved says why in the test's log. */
static inline void apply_change(tr_store *st, tr_change ch)
{
	tr_error err = TR_ERROR_INIT;
	if (tr_store_apply(st, &ch, 1, &err) < 0)
		printf("# apply: %s\n", err.message);
	tr_error_clear(&err);
}

#endif
