#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "triage/export.h"

int cmd_export(const cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") != 0) {
				cli_error("export: unknown format '%s' (known: json)", optarg);
				return CLI_USAGE;
			}
			break;
		case 'h':
			printf("Usage: triage export [--format json] REPORT...\n");
			return CLI_OK;
		default:
			return CLI_USAGE;
		}
	}
	tr_model *m = cli_load_reports(argc - optind, argv + optind);
	if (!m)
		return CLI_FAIL;
	json_t *root = tr_export_model(m);
	cli_export_graph(g, m, root, argc > optind ? argv[optind] : NULL);
	if (cli_export_history(g, m, root) < 0) {
		json_decref(root);
		tr_model_free(m);
		return CLI_FAIL;
	}
	int rc = tr_export_dump(root, stdout) == 0 ? CLI_OK : CLI_FAIL;
	json_decref(root);
	tr_model_free(m);
	return rc;
}
