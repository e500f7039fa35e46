/* Bringing a report's bytes to clean UTF-8: BOM, CRLF, Latin-1 and mojibake
 * (UTF-8 that was decoded as Mac Roman or Windows-1252 and saved again). */
#ifndef TRIAGE_ENCODING_H
#define TRIAGE_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include "triage/error.h"

typedef struct tr_decoded {
	char *text;             /* UTF-8, NUL-terminated, LF line ends; owned */
	size_t len;
	char *description;      /* what was found and done, e.g.
	                           "utf-8, BOM removed, CRLF", "latin-1 converted",
	                           "utf-8, mojibake (mac-roman) repaired"; owned */
	bool repaired;          /* mojibake was reversed */
	bool had_invalid;       /* invalid UTF-8 was replaced with U+FFFD */
} tr_decoded;

/* Decodes `len` bytes.  Binary data (a NUL byte, or mostly non-text bytes)
 * fails with "not a text report"; `path` is used in messages only. */
int tr_decode(const char *path, const char *data, size_t len, tr_decoded *out, tr_error *err);
/* The same for bytes in a buffer the caller owns: text that needs no change
 * takes the buffer's memory instead of a copy (in is then left empty).
 * Either way the caller frees *in. */
struct tr_buf;
int tr_decode_buf(const char *path, struct tr_buf *in, tr_decoded *out, tr_error *err);
void tr_decoded_free(tr_decoded *d);

/* Counts tell-tale mojibake sequences ("‚Ä", "Ã©", "â€", ...) in UTF-8 text. */
size_t tr_mojibake_score(const char *text, size_t len);

#endif
