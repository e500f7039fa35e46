#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "triage/clock.h"

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int tr_time_parse(const char *s, int64_t *out)
{
	if (!s)
		return -1;
	if (s[0] == '@') {
		char *end;
		long long v = strtoll(s + 1, &end, 10);
		if (end == s + 1 || *end)
			return -1;
		*out = (int64_t)v;
		return 0;
	}
	int y, mo, d, h = 0, mi = 0, sec = 0;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d))
		return -1;
	const char *p = s + 10;
	bool date_only = *p == '\0';
	if (!date_only) {
		if ((*p != 'T' && *p != 't' && *p != ' ') || !digits(p + 1, 2, &h) || p[3] != ':' ||
		    !digits(p + 4, 2, &mi))
			return -1;
		p += 6;
		if (*p == ':') {
			if (!digits(p + 1, 2, &sec))
				return -1;
			p += 3;
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (*p == '\0') {
		tm.tm_isdst = -1;
		time_t t = mktime(&tm);
		/* mktime normalises 30 February into March: refuse it instead. */
		if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
			return -1;
		*out = (int64_t)t;
		return 0;
	}
	int offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		int sign = *p == '-' ? -1 : 1;
		if (!digits(p + 1, 2, &oh))
			return -1;
		p += 3;
		if (*p == ':')
			p++;
		if (!digits(p, 2, &om) || oh > 23 || om > 59)
			return -1;
		p += 2;
		offset = sign * (oh * 60 + om);
	} else {
		return -1;
	}
	if (*p)
		return -1;
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	/* timegm normalises 31 February into March: refuse it instead. */
	struct tm back;
	gmtime_r(&t, &back);
	if (back.tm_mday != d)
		return -1;
	*out = (int64_t)t - (int64_t)offset * 60;
	return 0;
}

int64_t tr_now(void)
{
	const char *fake = getenv("TRIAGE_NOW");
	int64_t t;
	if (fake && *fake && tr_time_parse(fake, &t) == 0)
		return t;
	return (int64_t)time(NULL);
}

void tr_time_iso(char out[21], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, 21, "1970-01-01T00:00:00Z");
		return;
	}
	/* Years past 9999 do not fit the format: they are clamped. */
	if (tm.tm_year > 9999 - 1900)
		tm.tm_year = 9999 - 1900;
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int tr_duration_parse(const char *s, int64_t *out)
{
	if (!s || *s < '0' || *s > '9')
		return -1;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	int64_t unit;
	switch (*end) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return -1;
	}
	if (end[1] || v > (unsigned long long)(INT64_MAX / 2 / unit))
		return -1;
	*out = (int64_t)v * unit;
	return 0;
}

int tr_time_local_year(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	return localtime_r(&tt, &tm) ? tm.tm_year : TR_NO_YEAR;
}

void tr_time_human_in(char out[32], int64_t t, int now_year)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm) || now_year == TR_NO_YEAR) {
		snprintf(out, 32, "?");
		return;
	}
	if (tm.tm_year == now_year)
		snprintf(out, 32, "%s %d %s %02d:%02d", days[tm.tm_wday % 7], tm.tm_mday,
		         months[tm.tm_mon % 12], tm.tm_hour, tm.tm_min);
	else
		snprintf(out, 32, "%s %d %s %d %02d:%02d", days[tm.tm_wday % 7], tm.tm_mday,
		         months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void tr_time_human(char out[32], int64_t t, int64_t now)
{
	tr_time_human_in(out, t, tr_time_local_year(now));
}

void tr_time_ago(char out[32], int64_t t, int64_t now)
{
	int64_t d = now - t;
	if (d < 0 || d >= 28 * 86400) {
		char iso[21];
		tr_time_iso(iso, t);
		snprintf(out, 32, "%.10s", iso);
	} else if (d < 60) {
		snprintf(out, 32, "just now");
	} else if (d < 3600) {
		snprintf(out, 32, "%dm ago", (int)(d / 60));
	} else if (d < 86400) {
		snprintf(out, 32, "%dh ago", (int)(d / 3600));
	} else {
		snprintf(out, 32, "%dd ago", (int)(d / 86400));
	}
}
