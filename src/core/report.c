#include "config.h"
#include "triage/report.h"

/* placeholder: replaced by the md4c reader */
int tr_report_load_buffer(tr_model *m, const char *path, const char *data, size_t len, tr_error *err)
{
	(void)m; (void)data; (void)len;
	return tr_error_set(err, TR_FORMAT, "%s: reader not implemented", path);
}

int tr_report_load_file(tr_model *m, const char *path, tr_error *err)
{
	return tr_report_load_buffer(m, path, "", 0, err);
}

int tr_report_load_all(tr_model *m, char *const *paths, size_t n, tr_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (tr_report_load_file(m, paths[i], err) < 0)
			return -1;
	tr_model_finish(m);
	return 0;
}
