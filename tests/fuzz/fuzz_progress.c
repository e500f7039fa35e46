/* libFuzzer target for the progress file's parser: any bytes must give a
 * document or a clean error, never a crash, a leak or a hang; and what is
 * read, written back, must read again to the same bytes.  Reading it a
 * piece at a time, when that takes it, must give what reading it whole
 * gives.  Undo's replay of the log (undoes naming any change, or none)
 * must hold too. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless the two documents are written alike. */
static void same_written(const tr_doc *a, const tr_doc *b)
{
	tr_buf x = TR_BUF_INIT, y = TR_BUF_INIT;
	tr_doc_write(a, &x);
	tr_doc_write(b, &y);
	if (x.len != y.len || memcmp(x.data, y.data, x.len) != 0)
		abort();
	tr_buf_free(&x);
	tr_buf_free(&y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool newer;
	tr_error err = TR_ERROR_INIT;
	tr_doc *d = tr_doc_parse("fuzz.json", (const char *)data, size, &newer, &err);
	tr_error_clear(&err);
	tr_doc *pieces = size ? store_parse_pieces("fuzz.json", (const char *)data, size) : NULL;
	tr_doc *whole = size ? store_parse_whole("fuzz.json", (const char *)data, size, &newer, &err) : NULL;
	tr_error_clear(&err);
	if (pieces && !whole)
		abort(); /* no file read in pieces that reading it whole refuses */
	if (pieces)
		same_written(pieces, whole); /* and the same document */
	tr_doc_free(pieces);
	tr_doc_free(whole);
	if (!d)
		return 0;
	tr_buf once = TR_BUF_INIT;
	tr_doc_write(d, &once);
	tr_doc *again = tr_doc_parse("again.json", once.data, once.len, &newer, &err);
	if (!again)
		abort(); /* what triage writes, triage must read */
	same_written(d, again); /* and writing is stable */
	const char *user = d->nevents ? d->events[d->nevents - 1].by : NULL;
	(void)store_can_reverse(d, user, false);
	(void)store_can_reverse(d, user, true);
	tr_buf_free(&once);
	tr_doc_free(again);
	tr_doc_free(d);
	return 0;
}
