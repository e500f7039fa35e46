#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "triage/encoding.h"
#include "triage/str.h"
#include "triage/text.h"

/* placeholder: replaced by the real decoder */
int tr_decode(const char *path, const char *data, size_t len, tr_decoded *out, tr_error *err)
{
	(void)path; (void)err;
	memset(out, 0, sizeof *out);
	out->text = tr_utf8_fix(data, len);
	out->len = strlen(out->text);
	out->description = tr_strdup("utf-8");
	return 0;
}

void tr_decoded_free(tr_decoded *d)
{
	free(d->text);
	free(d->description);
	memset(d, 0, sizeof *d);
}

size_t tr_mojibake_score(const char *text, size_t len)
{
	(void)text; (void)len;
	return 0;
}
