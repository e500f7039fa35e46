#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>

#include "tap.h"
#include "triage/encoding.h"
#include "triage/str.h"

/* Reads `bytes` as if they were in `charset` and writes them out as UTF-8:
 * how mojibake is made.  Bytes the charset leaves undefined pass through as
 * the C1 control of the same number, as browsers and Latin-1 readers do. */
static char *mojibake(const char *bytes, const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		printf("Bail out! iconv cannot convert from %s\n", charset);
		exit(1);
	}
	size_t n = strlen(bytes), cap = n * 4 + 16;
	char *out = tr_malloc(cap), *op = out, *ip = (char *)bytes;
	size_t il = n, ol = cap - 1;
	while (il > 0 && iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		if (errno != EILSEQ && errno != EINVAL)
			break;
		*op++ = (char)(0xC0 | ((unsigned char)*ip >> 6));
		*op++ = (char)(0x80 | ((unsigned char)*ip & 0x3F));
		ol -= 2;
		ip++;
		il--;
	}
	*op = '\0';
	iconv_close(cd);
	return out;
}

static size_t count_lines(const char *s, size_t n)
{
	size_t lines = 0;
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static tr_decoded decode(const char *path, const char *data, size_t len)
{
	tr_decoded d;
	tr_error err = TR_ERROR_INIT;
	if (tr_decode(path, data, len, &d, &err) < 0) {
		printf("# unexpected error: %s\n", err.message);
		tr_error_clear(&err);
		d.text = tr_strdup("");
		d.description = tr_strdup("(error)");
	}
	return d;
}

/* A decoding that should fail; returns the message (owned) or NULL. */
static char *decode_error(const char *path, const char *data, size_t len, tr_status *status)
{
	tr_decoded d;
	tr_error err = TR_ERROR_INIT;
	if (tr_decode(path, data, len, &d, &err) == 0) {
		tr_decoded_free(&d);
		return NULL;
	}
	*status = err.status;
	return err.message;
}

static void test_seed(char **clean)
{
	size_t n;
	char *raw = slurp(fixture("seed.md"), &n);
	tr_decoded d = decode("seed.md", raw, n);
	ok(!has(d.text, "\xE2\x80\x9A\xC3\x9C\xE2\x80\xA0"), "seed: no \"‚Üí\" left");
	ok(has(d.text, "#305 ExecutionTracker SSOT → #271 User Isolation → #292 WebSocket Events → Golden Path"),
	   "seed: the dependency chain has its arrows");
	ok(has(d.text, "**Status:** ✅ SUCCESSFULLY REPRODUCED"), "seed: ✅ restored");
	ok(has(d.text, "### 🚨 **Phase 1: ExecutionTracker"), "seed: 🚨 restored");
	ok(has(d.text, "**⚠️ INFRASTRUCTURE GAPS:**"), "seed: ⚠️ restored with its variation selector");
	ok(has(d.text, "**🔍 CROSS-VALIDATION:**"), "seed: 🔍 restored (0xF0 read as the Apple logo)");
	ok(d.repaired, "seed: marked repaired");
	ok(!d.had_invalid, "seed: nothing invalid");
	is_str(d.description, "utf-8, mojibake (mac-roman) repaired", "seed: description names mac-roman");
	is_int(count_lines(d.text, d.len), count_lines(raw, n), "seed: line count preserved");
	is_int(tr_mojibake_score(d.text, d.len), 0, "seed: the repaired text has no tell-tales");
	ok(tr_mojibake_score(raw, n) > 20, "seed: the verbatim text has many tell-tales");
	*clean = tr_strdup(d.text);
	tr_decoded_free(&d);
	free(raw);
}

static void test_windows_1252_mojibake(const char *seed_clean)
{
	/* Ý is C3 9D and Á is C3 81: their mojibake carries U+009D and U+0081 */
	char *clean = tr_sprintf("%s\nÝmir and Álvaro reviewed #305 → #271.\n", seed_clean);
	char *bad = mojibake(clean, "CP1252");
	ok(has(bad, "â†’") && has(bad, "âœ…"), "cp1252 mojibake: made as expected");
	ok(has(bad, "Ã\xC2\x9D") && has(bad, "Ã\xC2\x81"), "cp1252 mojibake: carries U+009D and U+0081");
	tr_decoded d = decode("seed-cp1252.md", bad, strlen(bad));
	is_str(d.text, clean, "cp1252 mojibake: repaired to the original text, byte for byte");
	ok(d.repaired, "cp1252 mojibake: marked repaired");
	is_str(d.description, "utf-8, mojibake (windows-1252) repaired", "cp1252 mojibake: description");
	tr_decoded_free(&d);

	/* twice-made mojibake ("Ã¢â‚¬â„¢") is reversed twice */
	char *worse = mojibake(bad, "CP1252");
	d = decode("twice.md", worse, strlen(worse));
	is_str(d.text, clean, "cp1252 mojibake made twice: repaired to the original");
	is_str(d.description, "utf-8, mojibake (windows-1252 then windows-1252) repaired",
	       "cp1252 mojibake made twice: description says both rounds");
	tr_decoded_free(&d);
	free(worse);
	free(bad);

	/* Latin-1 readers leave 0x80..0x9F as C1 controls: reversible the same way */
	bad = mojibake("Status: ✅ done — “quoted” → next\n", "ISO-8859-1");
	d = decode("latin1-mojibake.md", bad, strlen(bad));
	is_str(d.text, "Status: ✅ done — “quoted” → next\n", "latin-1 mojibake: repaired");
	ok(d.repaired, "latin-1 mojibake: marked repaired");
	tr_decoded_free(&d);
	free(bad);
	free(clean);
}

static void test_mac_roman_mojibake(const char *seed_clean)
{
	/* glibc gives U+E01E for 0xF0 where macOS gives the Apple logo */
	char *bad = mojibake(seed_clean, "MACINTOSH");
	ok(has(bad, "\xEE\x80\x9E"), "glibc mac-roman mojibake: has U+E01E for 0xF0");
	tr_decoded d = decode("seed-glibc.md", bad, strlen(bad));
	is_str(d.text, seed_clean, "glibc mac-roman mojibake: repaired byte for byte");
	ok(d.repaired, "glibc mac-roman mojibake: marked repaired");
	tr_decoded_free(&d);
	free(bad);

	bad = mojibake("Отчёт: Привет, мир. Ελληνικά.\n", "MACINTOSH");
	d = decode("cyrillic.md", bad, strlen(bad));
	is_str(d.text, "Отчёт: Привет, мир. Ελληνικά.\n",
	       "mac-roman mojibake of Cyrillic and Greek: repaired");
	tr_decoded_free(&d);
	free(bad);

	/* a mojibake'd BOM comes back as a BOM and is removed */
	bad = mojibake("\xEF\xBB\xBF# Café ✅\n", "CP1252");
	d = decode("bom-mojibake.md", bad, strlen(bad));
	is_str(d.text, "# Café ✅\n", "mojibake of a BOM: removed after the repair");
	is_str(d.description, "utf-8, BOM removed, mojibake (windows-1252) repaired",
	       "mojibake of a BOM: description");
	tr_decoded_free(&d);
	free(bad);
}

static void test_mixed(const char *seed_raw_path)
{
	size_t n;
	char *raw = slurp(seed_raw_path, &n);
	tr_decoded whole = decode("seed.md", raw, n);
	/* A line added after the damage, written right: a genuine arrow and CJK
	 * have no byte in Mac Roman or Windows-1252.  The rest is still
	 * repaired (its ids and titles must not change because of one line),
	 * and the line is kept as written. */
	const char *later = "\nAdded later: #1 \xE2\x86\x92 #2, \xE6\x9D\xB1\xE4\xBA\xAC, Jos\xC3\xA9\n";
	char *mixed = tr_sprintf("%s%s", raw, later);
	tr_decoded d = decode("mixed.md", mixed, strlen(mixed));
	ok(d.repaired, "mojibake with a line written right after it: still repaired");
	char *want = tr_sprintf("%s%s", whole.text, later);
	is_str(d.text, want, "the same repair as without the line, and the line kept as written");
	is_str(d.description, "utf-8, mojibake (mac-roman) repaired", "and said so");
	tr_decoded_free(&d);
	free(want);
	free(mixed);

	/* The other way round: a text written right that quotes one example of
	 * mojibake is no damaged text. */
	const char *quoted = "# Caf\xC3\xA9 cr\xC3\xA8me\n\nShown as \xC3\x83\xC2\xA9 in the log, "
	                     "na\xC3\xAFve, s\xC3\xBBr, \xC3\xA0 la, d\xC3\xA9j\xC3\xA0 vu\n";
	d = decode("quoted.md", quoted, strlen(quoted));
	ok(!d.repaired, "one quoted example of mojibake among right text: not repaired");
	is_str(d.text, quoted, "left byte for byte");
	tr_decoded_free(&d);
	tr_decoded_free(&whole);
	free(raw);
}

static void test_clean_untouched(void)
{
	static const char *const texts[] = {
		"# Report → ✅ 🚨 ⚠️ 🔍 📊\n#305 → #271 → #292 → Golden Path\n",
		"Voilà l’été « déjà » — café, naïve, Œuvre, «Éric» ; à bientôt…\n",
		"Größe, Übermaß, „Äpfel“ und ‚Birnen‘ — Straße; ÄÖÜ äöü ß\n",
		"¿Qué pasó? ¡Olé! Año, niño, ACCIÓN, corazón – “comillas”\n",
		"东京 日本語のテキスト 한국어 中文（全角）「引用」\n",
		"São Paulo, Ãgua, ÃO, NÃO, AÇÃO, Âmbito — 5 € £ ¥ © ® ™ ° ± µ\n",
		"Arrows ← ↑ → ↓ ⇒ ⟶ ↔ and math √2 ≈ 1.41, ∆x ≤ ∞, π ≠ 3\n",
		"Emoji 👍🏽 👨‍👩‍👧 🇫🇷 ✔️ ❌ ⭐\n",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *t = texts[i];
		is_int(tr_mojibake_score(t, strlen(t)), 0, "clean text %zu scores 0", i + 1);
		tr_decoded d = decode("clean.md", t, strlen(t));
		ok(!d.repaired && strcmp(d.text, t) == 0 && d.len == strlen(t),
		   "clean text %zu: untouched", i + 1);
		is_str(d.description, "utf-8", "clean text %zu: described as utf-8", i + 1);
		tr_decoded_free(&d);
	}
	static const char *const bad[] = { "Ã©", "√©", "‚Üí", "â€™", "Â\u00A0", "ðŸš¨", "‚úÖ", "ï¿½" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ok(tr_mojibake_score(bad[i], strlen(bad[i])) > 0, "\"%s\" is a tell-tale", bad[i]);
}

static void test_bom_and_line_ends(void)
{
	tr_decoded d = decode("bom.md", "\xEF\xBB\xBF# Title\nText\n", 16);
	is_str(d.text, "# Title\nText\n", "BOM: removed");
	is_str(d.description, "utf-8, BOM removed", "BOM: said");
	tr_decoded_free(&d);

	const char *in = "a\r\nb\rc\r\n\r\nd\r\r\ne";
	d = decode("eol.md", in, strlen(in));
	is_str(d.text, "a\nb\nc\n\nd\n\ne", "CRLF and lone CR become LF");
	is_int(d.len, strlen("a\nb\nc\n\nd\n\ne"), "length after line-end changes");
	is_str(d.description, "utf-8, CRLF, CR", "line ends: said");
	tr_decoded_free(&d);

	size_t n;
	char *raw = slurp(fixture("enc-bom-crlf.md"), &n);
	char *want = slurp(fixture("enc-utf8.md"), NULL);
	d = decode("enc-bom-crlf.md", raw, n);
	is_str(d.text, want, "enc-bom-crlf.md: same text as enc-utf8.md");
	is_int(count_lines(d.text, d.len), count_lines(raw, n), "enc-bom-crlf.md: line count preserved");
	is_str(d.description, "utf-8, BOM removed, CRLF", "enc-bom-crlf.md: description");
	tr_decoded_free(&d);
	free(raw);
	free(want);

	/* From a buffer the caller owns: the same text whether or not the
	 * buffer could be taken over. */
	static const struct { const char *in, *text, *desc; bool taken; } bufs[] = {
		{ "\xEF\xBB\xBF# Title\nText\n", "# Title\nText\n", "utf-8, BOM removed", true },
		{ "# Caf\xC3\xA9\n", "# Caf\xC3\xA9\n", "utf-8", true },
		{ "a\r\nb\r\n", "a\nb\n", "utf-8, CRLF", true },
		{ "# Caf\xE9\n", "# Caf\xC3\xA9\n", "latin-1 converted", false },
		{ "# \xFF ok\xC3\xA9\n", "# \xEF\xBF\xBD ok\xC3\xA9\n", "utf-8, 1 invalid byte replaced", false },
	};
	for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) {
		tr_buf b = TR_BUF_INIT;
		tr_buf_adds(&b, bufs[i].in);
		tr_error err = TR_ERROR_INIT;
		ok(tr_decode_buf("buf.md", &b, &d, &err) == 0, "buffer %zu: decoded", i);
		is_str(d.text, bufs[i].text, "buffer %zu: text", i);
		is_int(d.len, strlen(bufs[i].text), "buffer %zu: length", i);
		is_str(d.description, bufs[i].desc, "buffer %zu: description", i);
		ok((b.data == NULL) == bufs[i].taken, "buffer %zu: %s", i,
		   bufs[i].taken ? "taken over, not copied" : "kept by the caller");
		tr_decoded_free(&d);
		tr_buf_free(&b);
		tr_error_clear(&err);
	}
}

static void test_single_byte(void)
{
	tr_decoded d = decode("latin1.md", "caf\xE9 cr\xE8me, na\xEFve\n", 18);
	is_str(d.text, "café crème, naïve\n", "latin-1: converted");
	is_str(d.description, "latin-1 converted", "latin-1: said");
	ok(!d.had_invalid && !d.repaired, "latin-1: neither invalid nor repaired");
	tr_decoded_free(&d);

	const char *cp = "\x93quoted\x94 \x96 it\x92s 5 \x80, \x85\r\n";
	d = decode("cp1252.md", cp, strlen(cp));
	is_str(d.text, "“quoted” – it’s 5 €, …\n", "windows-1252: smart quotes, dash, euro converted");
	is_str(d.description, "windows-1252 converted, CRLF", "windows-1252: said, with CRLF");
	tr_decoded_free(&d);

	size_t n;
	char *raw = slurp(fixture("enc-latin1.md"), &n);
	d = decode("enc-latin1.md", raw, n);
	ok(has(d.text, "## Issue #401 - Café résumé parser crashes on naïve input"),
	   "enc-latin1.md: heading converted");
	ok(has(d.text, "Ýmir's Straße export (Álvaro, São Paulo)"), "enc-latin1.md: names converted");
	is_str(d.description, "latin-1 converted", "enc-latin1.md: description");
	tr_decoded_free(&d);
	free(raw);

	raw = slurp(fixture("enc-cp1252.md"), &n);
	d = decode("enc-cp1252.md", raw, n);
	ok(has(d.text, "crashes on “smart quotes” – 5 €"), "enc-cp1252.md: smart quotes converted");
	ok(has(d.text, "Ýmir’s Straße"), "enc-cp1252.md: apostrophe converted");
	is_str(d.description, "windows-1252 converted", "enc-cp1252.md: description");
	tr_decoded_free(&d);
	free(raw);
}

static void test_fixtures_same_text(void)
{
	static const struct { const char *name, *description; } forms[] = {
		{ "enc-utf8.md", "utf-8" },
		{ "enc-macroman-mojibake.md", "utf-8, mojibake (mac-roman) repaired" },
		{ "enc-cp1252-mojibake.md", "utf-8, mojibake (windows-1252) repaired" },
		{ "enc-utf16le.md", "utf-16le converted" },
	};
	char *want = slurp(fixture("enc-utf8.md"), NULL);
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		size_t n;
		char *raw = slurp(fixture(forms[i].name), &n);
		tr_decoded d = decode(forms[i].name, raw, n);
		is_str(d.text, want, "%s: same text as enc-utf8.md", forms[i].name);
		is_str(d.description, forms[i].description, "%s: description", forms[i].name);
		tr_decoded_free(&d);
		free(raw);
	}
	free(want);
}

static void test_invalid(void)
{
	const char *in = "Résumé → ✅ and a stray \xFF byte\n";
	tr_decoded d = decode("stray.md", in, strlen(in));
	is_str(d.text, "Résumé → ✅ and a stray \xEF\xBF\xBD byte\n", "stray 0xFF: shown as U+FFFD");
	ok(d.had_invalid, "stray 0xFF: had_invalid");
	is_str(d.description, "utf-8, 1 invalid byte replaced", "stray 0xFF: said");
	tr_decoded_free(&d);

	size_t n;
	char *raw = slurp(fixture("enc-invalid-utf8.md"), &n);
	d = decode("enc-invalid-utf8.md", raw, n);
	ok(has(d.text, "**Scope:** \xEF\xBF\xBD Issues #401"), "enc-invalid-utf8.md: 0xFF replaced");
	ok(has(d.text, "`#401 \xEF\xBF\xBD"), "enc-invalid-utf8.md: truncated arrow replaced");
	ok(has(d.text, "## Issue #402 — Ýmir’s Straße"), "enc-invalid-utf8.md: valid text kept");
	ok(d.had_invalid && !d.repaired, "enc-invalid-utf8.md: had_invalid, not repaired");
	tr_decoded_free(&d);
	free(raw);
}

static void test_binary(void)
{
	tr_status st = TR_OK;
	char *msg = decode_error("notes/x.md", "abc\0def\n", 8, &st);
	ok(msg && has(msg, "notes/x.md") && has(msg, "not a text report"),
	   "NUL: error names the file and says not a text report");
	ok(has(msg, "at byte 3"), "NUL: error gives its offset");
	ok(has(msg, "on line 1,"), "NUL: error gives its line");
	is_int(st, TR_FORMAT, "NUL: a format error");
	free(msg);
	msg = decode_error("notes/y.md", "\xEF\xBB\xBF# T\r\n\r\nok\nab\0c\n", 18, &st);
	ok(has(msg, "notes/y.md: not a text report") && has(msg, "on line 4, at byte 15"),
	   "NUL after a BOM and CRLF lines: the file's line and byte");
	free(msg);

	/* a fixed generator, so a failure can be replayed */
	unsigned char buf[4096];
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof buf; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
	msg = decode_error("random.bin", (char *)buf, sizeof buf, &st);
	ok(has(msg, "random.bin: not a text report"), "random binary: refused");
	free(msg);
	for (size_t i = 0; i < sizeof buf; i++)
		if (buf[i] == 0)
			buf[i] = 1;
	msg = decode_error("random-nonul.bin", (char *)buf, sizeof buf, &st);
	ok(has(msg, "random-nonul.bin: not a text report"), "random binary without NUL: refused");
	free(msg);

	unsigned char u16[] = { 0xFF, 0xFE, 'a', 0, 0, 0, 'b', 0 };
	msg = decode_error("u16.md", (char *)u16, sizeof u16, &st);
	ok(has(msg, "not a text report") && has(msg, "at byte 4"), "UTF-16 with a NUL character: refused");
	free(msg);
	unsigned char u16nl[] = { 0xFF, 0xFE, 'a', 0, '\n', 0, 'b', 0, '\n', 0, 0, 0 };
	msg = decode_error("u16.md", (char *)u16nl, sizeof u16nl, &st);
	ok(has(msg, "on line 3, at byte 10"), "UTF-16 with a NUL character on line 3: its line and byte");
	free(msg);

	/* terminal output pasted into a report is text */
	const char *log = "```\n\x1b[31mFAILED\x1b[0m test_x \x08\x07 done\n```\n"
	                  "More than enough ordinary text around it to be a report.\n";
	tr_decoded d = decode("log.md", log, strlen(log));
	is_str(d.text, log, "a few control bytes in text: kept (shown inert later)");
	tr_decoded_free(&d);

	d = decode("empty.md", "", 0);
	ok(d.text && d.text[0] == '\0' && d.len == 0, "empty input: empty text");
	tr_decoded_free(&d);
}

/* Whatever one byte is and wherever it falls among ordinary text (which is
 * looked at several bytes at a time), it is seen: a NUL, a CR, a byte that
 * is not UTF-8, a character beyond ASCII. */
static void test_every_offset(void)
{
	char text[80];
	size_t n = sizeof text - 1, nul = 0, cr = 0, invalid = 0, kept = 0;
	for (size_t at = 0; at < 48; at++) {
		for (size_t i = 0; i < n; i++)
			text[i] = i % 13 == 12 ? '\n' : i % 7 == 6 ? '\t' : (char)('a' + i % 26);
		tr_status st = TR_OK;
		text[at] = '\0';
		char *msg = decode_error("at.md", text, n, &st);
		char want[32];
		snprintf(want, sizeof want, "at byte %zu)", at);
		nul += has(msg, want);
		free(msg);
		text[at] = '\r';
		tr_decoded d = decode("at.md", text, n);
		cr += has(d.description, "CR") && !memchr(d.text, '\r', d.len);
		tr_decoded_free(&d);
		text[at] = (char)0xFF;
		d = decode("at.md", text, n);
		invalid += has(d.description, "latin-1 converted") && has(d.text, "\xC3\xBF");
		tr_decoded_free(&d);
		memcpy(text + at, "\xC3\xA9", 2);
		d = decode("at.md", text, n);
		kept += d.len == n && memcmp(d.text, text, n) == 0 && strcmp(d.description, "utf-8") == 0;
		tr_decoded_free(&d);
	}
	is_int(nul, 48, "a NUL is found at any of 48 places in a text");
	is_int(cr, 48, "a CR is found and made a line end at any of 48 places");
	is_int(invalid, 48, "a byte that is not UTF-8 makes the text Latin-1 at any of 48 places");
	is_int(kept, 48, "an accented letter at any of 48 places is kept as it is");
}

static void test_large(void)
{
	/* a 10 MB report on one line, arrows and emoji all along it */
	const char *piece = "#305 → #271 ✅ Golden Path; ";
	size_t pn = strlen(piece), n = ((10u << 20) / pn) * pn;
	char *line = tr_malloc(n + 1);
	for (size_t i = 0; i < n; i += pn)
		memcpy(line + i, piece, pn);
	line[n] = '\0';
	tr_decoded d = decode("long.md", line, n);
	ok(d.len == n && memcmp(d.text, line, n) == 0, "10 MB single line: decoded unchanged");
	is_str(d.description, "utf-8", "10 MB single line: plain utf-8");
	tr_decoded_free(&d);
	free(line);
}

int main(void)
{
	char *clean = NULL;
	test_seed(&clean);
	test_windows_1252_mojibake(clean);
	test_mac_roman_mojibake(clean);
	test_every_offset();
	test_mixed(fixture("seed.md"));
	free(clean);
	test_clean_untouched();
	test_bom_and_line_ends();
	test_single_byte();
	test_fixtures_same_text();
	test_invalid();
	test_binary();
	test_large();
	return done_testing();
}
