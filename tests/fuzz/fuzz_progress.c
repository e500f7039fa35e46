/* libFuzzer target for the progress file's parser: any bytes must give a
 * document or a clean error, never a crash, a leak or a hang; and what is
 * read, written back, must read again to the same bytes.  Undo's replay of
 * the log (undoes naming any change, or none) must hold too. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool newer;
	tr_error err = TR_ERROR_INIT;
	tr_doc *d = tr_doc_parse("fuzz.json", (const char *)data, size, &newer, &err);
	tr_error_clear(&err);
	if (!d)
		return 0;
	tr_buf once = TR_BUF_INIT, twice = TR_BUF_INIT;
	tr_doc_write(d, &once);
	tr_doc *again = tr_doc_parse("again.json", once.data, once.len, &newer, &err);
	if (!again)
		abort(); /* what triage writes, triage must read */
	tr_doc_write(again, &twice);
	const char *user = d->nevents ? d->events[d->nevents - 1].by : NULL;
	(void)store_can_reverse(d, user, false);
	(void)store_can_reverse(d, user, true);
	if (once.len != twice.len || memcmp(once.data, twice.data, once.len) != 0)
		abort(); /* and writing is stable */
	tr_buf_free(&once);
	tr_buf_free(&twice);
	tr_doc_free(again);
	tr_doc_free(d);
	return 0;
}
