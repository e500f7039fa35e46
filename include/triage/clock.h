/* Time as triage reads and writes it: UTC instants in ISO 8601 in files,
 * local wall-clock time for people. */
#ifndef TRIAGE_CLOCK_H
#define TRIAGE_CLOCK_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

/* Seconds since the epoch.  TRIAGE_NOW (an ISO 8601 time, or @SECONDS)
 * replaces the clock when set, so that scripts, demos and tests can record
 * and read a history dated as they choose, the way GIT_COMMITTER_DATE does
 * for git. */
int64_t tr_now(void);

/* "2026-11-24T15:04:05Z" (21 bytes with the NUL). */
void tr_time_iso(char out[21], int64_t t);

/* Reads an instant: "2026-11-24T15:04:05Z", with an offset ("+02:00",
 * "-0500") or none (local time), seconds optional, a space for the "T";
 * "2026-11-24" alone is local midnight; "@1700000000" is seconds.  0, or
 * -1 when the text is not such a time. */
int tr_time_parse(const char *s, int64_t *out);

/* "24h", "3d", "90m", "2w", "45s": 0 with seconds, -1 when not a duration. */
int tr_duration_parse(const char *s, int64_t *out);

/* For people, in local time: "Tue 24 Nov 15:04", with the year when it is
 * not `now`'s year ("Tue 24 Nov 2025 15:04"). */
void tr_time_human(char out[32], int64_t t, int64_t now);
/* The same with now's year (tr_time_local_year(now)) worked out once, for
 * a caller that writes many times: "now" is put into local time once. */
void tr_time_human_in(char out[32], int64_t t, int now_year);
/* The year (as struct tm has it: since 1900, so negative before) of a
 * time, in local time; TR_NO_YEAR when it has none. */
#define TR_NO_YEAR INT_MIN
int tr_time_local_year(int64_t t);

/* How long ago, for people and narrow columns: "just now", "5m ago", "3h
 * ago", "2d ago"; the date ("2026-11-24") past four weeks, or for a time in
 * the future. */
void tr_time_ago(char out[32], int64_t t, int64_t now);

#endif
