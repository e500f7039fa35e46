/* Ordered work on several threads: every item worked on once, taken once
 * and in order, never more than `ahead` worked on before the next taken,
 * the work spread over the threads asked for, and signals left to the
 * caller's thread. */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "tap.h"
#include "triage/jobs.h"

#define ITEMS 400

typedef struct run {
	size_t n, ahead;
	unsigned jobs;
	int worked[ITEMS];          /* times each item was worked on */
	unsigned thread_of[ITEMS];
	size_t taken;               /* items taken so far */
	size_t took[ITEMS];         /* the items in the order taken */
	int finished_when_taken;    /* items whose work was seen done when taken */
	int too_far_ahead;          /* items started more than `ahead` past the next taken */
	int bad_thread;             /* a thread number of jobs or more */
	int signals_open;           /* work on another thread with SIGINT not blocked */
	int taken_off_caller;       /* take() called on a thread not the caller's */
	pthread_t caller;
	int result[ITEMS];          /* what work wrote, for take to read */
	size_t item_bytes;          /* what each item holds (0: none said) */
	size_t budget;
	size_t holding, most_held;  /* bytes held by items not yet taken, and the most */
} run;

static void nap(long us)
{
	struct timespec ts = { 0, us * 1000 };
	nanosleep(&ts, NULL);
}

static void work(void *ctx, tr_jobs *j, unsigned thread, size_t i)
{
	run *r = ctx;
	if (r->item_bytes) {
		tr_jobs_hold(j, i, r->item_bytes);
		size_t now = __atomic_add_fetch(&r->holding, r->item_bytes, __ATOMIC_SEQ_CST);
		size_t most = __atomic_load_n(&r->most_held, __ATOMIC_SEQ_CST);
		while (now > most &&
		       !__atomic_compare_exchange_n(&r->most_held, &most, now, false, __ATOMIC_SEQ_CST,
		                                    __ATOMIC_SEQ_CST))
			;
	}
	if (i >= __atomic_load_n(&r->taken, __ATOMIC_SEQ_CST) + r->ahead)
		__atomic_add_fetch(&r->too_far_ahead, 1, __ATOMIC_SEQ_CST);
	if (thread >= r->jobs)
		__atomic_add_fetch(&r->bad_thread, 1, __ATOMIC_SEQ_CST);
	if (thread != 0) {
		sigset_t now;
		pthread_sigmask(SIG_BLOCK, NULL, &now);
		if (!sigismember(&now, SIGINT) || !sigismember(&now, SIGWINCH))
			__atomic_add_fetch(&r->signals_open, 1, __ATOMIC_SEQ_CST);
	}
	/* Uneven work, so that items finish out of order; with memory held,
	 * one long item in every 16 lets the others run ahead of it. */
	if (r->item_bytes ? i % 16 == 0 : i % 7 == 3)
		nap(r->item_bytes ? 2000 : 300);
	r->worked[i]++;
	r->thread_of[i] = thread;
	r->result[i] = (int)i * 3 + 1;
}

static void take(void *ctx, size_t i)
{
	run *r = ctx;
	if (!pthread_equal(pthread_self(), r->caller))
		r->taken_off_caller++;
	if (r->result[i] == (int)i * 3 + 1)
		r->finished_when_taken++;
	if (r->item_bytes)
		__atomic_sub_fetch(&r->holding, r->item_bytes, __ATOMIC_SEQ_CST);
	r->took[r->taken] = i;
	__atomic_store_n(&r->taken, r->taken + 1, __ATOMIC_SEQ_CST);
}

static run *go_held(size_t n, unsigned jobs, size_t ahead, size_t item_bytes, size_t budget)
{
	run *r = calloc(1, sizeof *r);
	r->n = n;
	r->jobs = jobs;
	r->ahead = ahead;
	r->item_bytes = item_bytes;
	r->budget = budget;
	r->caller = pthread_self();
	tr_jobs_run(n, jobs, ahead, budget, work, take, r);
	return r;
}

static run *go(size_t n, unsigned jobs, size_t ahead)
{
	return go_held(n, jobs, ahead, 0, 0);
}

static void check(size_t n, unsigned jobs, size_t ahead)
{
	run *r = go(n, jobs, ahead);
	int once = 0, in_order = 0;
	for (size_t i = 0; i < n; i++) {
		once += r->worked[i] == 1;
		in_order += r->took[i] == i;
	}
	ok(once == (int)n, "%u jobs, %zu ahead: each of %zu items worked on once (%d)", jobs, ahead,
	   n, once);
	ok(r->taken == n && in_order == (int)n, "%u jobs: each taken once, in order (%zu taken, %d in place)",
	   jobs, r->taken, in_order);
	ok(r->finished_when_taken == (int)n, "%u jobs: an item is taken only once its work is done",
	   jobs);
	ok(r->too_far_ahead == 0, "%u jobs: never more than %zu items ahead of the one taken (%d were)",
	   jobs, ahead, r->too_far_ahead);
	ok(r->bad_thread == 0 && r->taken_off_caller == 0,
	   "%u jobs: threads numbered below %u; items taken on the caller's thread", jobs, jobs);
	ok(r->signals_open == 0, "%u jobs: the other threads run with signals blocked", jobs);
	free(r);
}

int main(void)
{
	check(ITEMS, 1, 4);
	check(ITEMS, 2, 8);
	check(ITEMS, 4, 3);
	check(ITEMS, 8, 1);
	check(3, 8, 32);
	check(1, 4, 16);

	/* One job: the plain loop, each item worked on and taken before the
	 * next, all on the caller's thread. */
	run *r = go(50, 1, 16);
	int caller = 0;
	for (size_t i = 0; i < 50; i++)
		caller += r->thread_of[i] == 0;
	ok(caller == 50, "one job: every item on the caller's thread");
	free(r);

	/* Several: the work is shared (items that sleep leave the others to
	 * the other threads). */
	r = go(ITEMS, 4, 16);
	bool seen[4] = { false };
	int threads = 0;
	for (size_t i = 0; i < ITEMS; i++)
		if (r->thread_of[i] < 4 && !seen[r->thread_of[i]]) {
			seen[r->thread_of[i]] = true;
			threads++;
		}
	ok(threads >= 2, "four jobs: the items are worked on by more than one thread (%d)", threads);
	free(r);

	/* Items that hold memory: no more than the budget is held, but for
	 * the item next to be taken and the caller's own (one each at most);
	 * without a budget, as many as may be ahead. */
	r = go_held(200, 4, 16, 100, 150);
	ok(r->taken == 200, "with a budget: every item taken");
	ok(r->most_held <= 150 + 2 * 100, "with a budget of 150 bytes and items of 100: at most %zu held",
	   r->most_held);
	free(r);
	r = go_held(200, 4, 16, 100, 0);
	ok(r->most_held > 350, "without one: %zu held at most", r->most_held);
	free(r);

	/* No items: nothing is called. */
	r = go(0, 4, 4);
	ok(r->taken == 0, "no items: nothing taken");
	free(r);

	unsigned online = tr_jobs_online();
	ok(online >= 1 && online <= TR_JOBS_MAX, "processors to run on: %u, between 1 and %u", online,
	   TR_JOBS_MAX);
	return done_testing();
}
