/* Ordered work on several threads (see jobs.h).
 *
 * One lock guards two counters, the next item to work on and the next to
 * take, a flag per item (worked on), and the bytes the items hold.  The caller's thread
 * takes an item as soon as it is done, and otherwise works on one itself
 * rather than wait: with one processor it is the only thread, and the
 * items are worked on and taken one after another as a plain loop would.
 * A thread waits only for room ahead, for room in the budget, or (the
 * caller's) for the item next to be taken: each ends when the caller takes
 * an item, and the item it waits for is one another thread is on.  The
 * caller never waits inside tr_jobs_hold, since only it takes: it starts
 * no item while the budget is held instead. */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "triage/jobs.h"
#include "triage/str.h"

typedef struct tr_jobs pool;

typedef struct worker {
	pool *p;
	unsigned thread;
	pthread_t id;
} worker;

struct tr_jobs {
	pthread_mutex_t mu;
	pthread_cond_t room;    /* an item was taken: one more may be worked on,
	                           and what it held is free */
	pthread_cond_t done;    /* an item was worked on */
	size_t n, ahead;
	size_t next;            /* the next item to work on */
	size_t taken;           /* the next item to take */
	bool *finished;         /* per item: worked on */
	size_t *held;           /* per item: bytes held until it is taken */
	size_t budget, holding; /* the most to hold; held now */
	pthread_t caller;
	tr_jobs_work_fn work;
	void *ctx;
};

/* Whether another item may be worked on now: there is one, and it is not
 * too far ahead of the ones taken. */
static bool may_start(const pool *p)
{
	return p->next < p->n && p->next - p->taken < p->ahead;
}

static void *work_loop(void *arg)
{
	worker *w = arg;
	pool *p = w->p;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next < p->n && !may_start(p))
			pthread_cond_wait(&p->room, &p->mu);
		if (p->next >= p->n)
			break;
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		p->work(p->ctx, p, w->thread, i);
		pthread_mutex_lock(&p->mu);
		p->finished[i] = true;
		pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

void tr_jobs_hold(tr_jobs *p, size_t i, size_t bytes)
{
	pthread_mutex_lock(&p->mu);
	if (p->budget && !pthread_equal(pthread_self(), p->caller))
		while (i != p->taken && p->holding && p->holding + bytes > p->budget)
			pthread_cond_wait(&p->room, &p->mu);
	p->held[i] += bytes;
	p->holding += bytes;
	pthread_mutex_unlock(&p->mu);
}

void tr_jobs_run(size_t n, unsigned jobs, size_t ahead, size_t budget, tr_jobs_work_fn work,
                 tr_jobs_take_fn take, void *ctx)
{
	if (n == 0)
		return;
	if (jobs < 1)
		jobs = 1;
	if (jobs > TR_JOBS_MAX)
		jobs = TR_JOBS_MAX;
	if ((size_t)jobs > n)
		jobs = (unsigned)n;
	pool p = { .n = n, .ahead = ahead ? ahead : 1, .budget = budget, .work = work, .ctx = ctx };
	p.caller = pthread_self();
	p.finished = tr_calloc(n, sizeof *p.finished);
	p.held = tr_calloc(n, sizeof *p.held);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.room, NULL);
	pthread_cond_init(&p.done, NULL);

	/* Signals are the caller's to handle (a terminal resized, an
	 * interrupt): the other threads never run a handler. */
	worker ws[TR_JOBS_MAX];
	unsigned started = 0;
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (unsigned t = 1; t < jobs; t++) {
		ws[started] = (worker){ &p, t, 0 };
		if (pthread_create(&ws[started].id, NULL, work_loop, &ws[started]) == 0)
			started++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	pthread_mutex_lock(&p.mu);
	while (p.taken < n) {
		size_t i = p.taken;
		if (p.finished[i]) {
			pthread_mutex_unlock(&p.mu);
			take(ctx, i);
			pthread_mutex_lock(&p.mu);
			p.holding -= p.held[i];
			p.taken++;
			pthread_cond_broadcast(&p.room);
		} else if (may_start(&p) && (!p.budget || p.holding < p.budget)) {
			size_t k = p.next++;
			pthread_mutex_unlock(&p.mu);
			work(ctx, &p, 0, k);
			pthread_mutex_lock(&p.mu);
			p.finished[k] = true;
		} else {
			pthread_cond_wait(&p.done, &p.mu);
		}
	}
	pthread_mutex_unlock(&p.mu);
	for (unsigned t = 0; t < started; t++)
		pthread_join(ws[t].id, NULL);
	pthread_cond_destroy(&p.done);
	pthread_cond_destroy(&p.room);
	pthread_mutex_destroy(&p.mu);
	free(p.finished);
	free(p.held);
}

unsigned tr_jobs_online(void)
{
	long n = 0;
#ifdef CPU_COUNT
	/* What the process may run on (taskset, a container's share), not
	 * the whole machine. */
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
#endif
	if (n < 1)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > (long)TR_JOBS_MAX ? TR_JOBS_MAX : (unsigned)n;
}
