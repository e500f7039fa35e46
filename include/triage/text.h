/* Text safety: everything that came from outside (reports, commit messages,
 * author names, JSON) goes through here before it reaches a terminal. */
#ifndef TRIAGE_TEXT_H
#define TRIAGE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "triage/str.h"

#define TR_REPLACEMENT 0xFFFD

/* Decodes one UTF-8 sequence at s (n bytes available).  Returns its length
 * (>= 1) and stores the code point, or U+FFFD for an invalid, overlong or
 * truncated sequence (consuming one byte), so callers always advance. */
size_t tr_utf8_decode(const char *s, size_t n, uint32_t *cp);
size_t tr_utf8_encode(uint32_t cp, char out[4]);
bool tr_utf8_valid(const char *s, size_t n);
/* Copies s, replacing each invalid sequence with U+FFFD. */
char *tr_utf8_fix(const char *s, size_t n);

/* Appends s to out so that it is inert on a terminal: C0 and C1 controls,
 * DEL and ESC become visible escapes ("^[", "\x9b", "^H"), invalid UTF-8
 * becomes U+FFFD; tabs become a space and newlines a visible "\n" unless
 * keep_newlines is set (then "\n" is kept as a line break). */
void tr_text_inert(tr_buf *out, const char *s, size_t n, bool keep_newlines);
/* Convenience: a newly allocated inert copy of a NUL-terminated string. */
char *tr_text_inert_dup(const char *s);
/* Same idea for an ASCII-only terminal: non-ASCII shown as '?'. */
void tr_text_inert_ascii(tr_buf *out, const char *s, size_t n);

/* Display width of one code point in terminal columns (0, 1 or 2); control
 * characters count as the width of their inert form. */
int tr_cp_width(uint32_t cp);
/* Columns that the inert form of s takes. */
size_t tr_text_width(const char *s);
/* Appends the inert form of s clipped to at most `cols` columns; a clipped
 * text ends with an ellipsis ("…", or "~" when ascii).  Returns columns used. */
size_t tr_text_fit(tr_buf *out, const char *s, size_t cols, bool ascii);

/* Trims ASCII whitespace in place; returns s. */
char *tr_trim(char *s);
/* Case-insensitive ASCII substring search. */
const char *tr_strcasestr(const char *hay, const char *needle);

#endif
