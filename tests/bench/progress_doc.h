/* The progress file the benchmarks use, in the shape a long-lived cluster
 * gives: NISSUES issues numbered from FIRST (as gen_report numbers them),
 * every one touched, some owned, a few notes each, and NEVENTS events
 * spread over the ten days before NOW (seconds since the epoch), with a
 * stand-up marked a day before NOW; REPORT is the report it remembers.
 * Built with the store's own document, so the file is what triage writes.
 * Deterministic for given arguments; free with tr_doc_free(). */
#ifndef TRIAGE_BENCH_PROGRESS_DOC_H
#define TRIAGE_BENCH_PROGRESS_DOC_H

#include "store/store_internal.h"

tr_doc *bench_progress_doc(long nissues, long first, long nevents, long long now, const char *report);

#endif
