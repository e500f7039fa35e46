/* Ordered work on several threads: items worked on in any order, by
 * whichever thread is free, and then taken in their own order by the
 * caller's thread alone.  What comes out is what one thread doing each
 * item and then taking it would give, so long as work(i) touches only item
 * i and its thread's own things.  A folder's reports are read this way. */
#ifndef TRIAGE_JOBS_H
#define TRIAGE_JOBS_H

#include <stddef.h>

/* More threads than this gain little for reading files and cost memory. */
#define TR_JOBS_MAX 8u

typedef struct tr_jobs tr_jobs;

/* Works on item i on thread `thread` (0 is the caller's, then 1 ..
 * jobs - 1): called once for each item, on any thread.  `j` is for
 * tr_jobs_hold. */
typedef void (*tr_jobs_work_fn)(void *ctx, tr_jobs *j, unsigned thread, size_t i);
/* Takes item i, worked on: called on the caller's thread, for i = 0, 1, …
 * in order. */
typedef void (*tr_jobs_take_fn)(void *ctx, size_t i);

/* Works on and takes items 0 .. n - 1 with up to `jobs` threads, the
 * caller's among them; at most `ahead` items are worked on before the one
 * next to be taken (so at most that many are held at once), and they hold
 * at most `budget` bytes (0: no limit) as tr_jobs_hold counts them.
 * Threads that cannot be started leave their share to the others: with
 * jobs = 1, or none started, the caller's thread works on each item and
 * takes it before the next.  The other threads run with every signal
 * blocked. */
void tr_jobs_run(size_t n, unsigned jobs, size_t ahead, size_t budget, tr_jobs_work_fn work,
                 tr_jobs_take_fn take, void *ctx);

/* Called by work(i) before item i comes to hold about `bytes` (a file to
 * be read, say) until it is taken.  Waits while the items worked on and
 * not yet taken hold the budget already, unless i is the next to be taken
 * or this is the caller's thread (which starts no item while the budget is
 * held): one large item at a time then, past the budget by two at most,
 * and never a wait that the caller's taking could not end. */
void tr_jobs_hold(tr_jobs *j, size_t i, size_t bytes);

/* The processors this process may run on, at most TR_JOBS_MAX; at least 1. */
unsigned tr_jobs_online(void);

#endif
