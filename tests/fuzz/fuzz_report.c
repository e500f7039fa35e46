/* libFuzzer target for the report reader: any bytes must give a model or a
 * clean error, never a crash, a leak or a hang. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "triage/export.h"
#include "triage/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	if (tr_report_load_buffer(m, "fuzz.md", (const char *)data, size, &err) == 0) {
		tr_model_finish(m);
		json_t *j = tr_export_model(m);
		char *s = tr_export_dumps(j);
		free(s);
		json_decref(j);
	}
	tr_error_clear(&err);
	tr_model_free(m);
	return 0;
}
